import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { usersKeys } from './keys';

export const deleteUser = (id: string) => apiRequest<void>(`/users/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteUser,
    onSuccess: () => qc.invalidateQueries({ queryKey: usersKeys.all }),
  });
}
