import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { tenantsKeys } from './keys';

/** Soft delete. */
export const deleteTenant = (id: string) => apiRequest<void>(`/tenants/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTenant() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTenant, onSuccess: () => qc.invalidateQueries({ queryKey: tenantsKeys.all }) });
}
