import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { teamsKeys } from './keys';

export const removeTeamMember = ({ teamId, userId }: { teamId: string; userId: string }) =>
  apiRequest<void>(`/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });

export function useRemoveTeamMember() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: removeTeamMember, onSuccess: () => qc.invalidateQueries({ queryKey: teamsKeys.all }) });
}
