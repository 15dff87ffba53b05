import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TeamMember } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { teamsKeys } from './keys';

/** Adds a user of the tenant (idempotent); answers the new member list. */
export const addTeamMember = ({ teamId, userId }: { teamId: string; userId: string }) =>
  apiData<TeamMember[]>(`/teams/${encodeURIComponent(teamId)}/members`, { method: 'POST', json: { user_id: userId } });

export function useAddTeamMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: addTeamMember,
    onSuccess: (members, { teamId }) => {
      qc.setQueryData(teamsKeys.members(teamId), members);
      // member_count on the list.
      qc.invalidateQueries({ queryKey: teamsKeys.all });
    },
  });
}
