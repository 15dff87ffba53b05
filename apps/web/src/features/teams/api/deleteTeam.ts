import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { teamsKeys } from './keys';

export const deleteTeam = (id: string) => apiRequest<void>(`/teams/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteTeam() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteTeam, onSuccess: () => qc.invalidateQueries({ queryKey: teamsKeys.all }) });
}
