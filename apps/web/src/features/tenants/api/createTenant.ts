import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTenantBody, Tenant } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { tenantsKeys } from './keys';

export type CreateTenantInput = z.output<typeof CreateTenantBody>;

export const createTenant = (body: CreateTenantInput) => apiData<Tenant>('/tenants', { method: 'POST', json: body });

export function useCreateTenant() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTenant, onSuccess: () => qc.invalidateQueries({ queryKey: tenantsKeys.all }) });
}
