import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tenant, UpdateTenantBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { meQueryKey } from '../../../lib/session';
import { tenantsKeys } from './keys';

export type UpdateTenantInput = z.output<typeof UpdateTenantBody>;

export const updateTenant = ({ id, body }: { id: string; body: UpdateTenantInput }) =>
  apiData<Tenant>(`/tenants/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateTenant,
    onSuccess: (tenant, { id }) => {
      qc.setQueryData(tenantsKeys.detail(id), tenant);
      qc.invalidateQueries({ queryKey: tenantsKeys.all });
      // Features and name of the current tenant show in the shell.
      qc.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
