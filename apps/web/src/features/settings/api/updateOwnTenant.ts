import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tenant, UpdateOwnTenantBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { meQueryKey } from '../../../lib/session';
import { ownTenantKey } from './getOwnTenant';

export type UpdateOwnTenantInput = z.output<typeof UpdateOwnTenantBody>;

/** PATCH /tenant {name?, settings?} */
export const updateOwnTenant = (body: UpdateOwnTenantInput) => apiData<Tenant>('/tenant', { method: 'PATCH', json: body });

export function useUpdateOwnTenant() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateOwnTenant,
    onSuccess: (tenant) => {
      qc.setQueryData(ownTenantKey, tenant);
      // The tenant name shows in the top bar.
      qc.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
