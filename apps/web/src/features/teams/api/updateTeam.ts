import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Team, UpdateTeamBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { teamsKeys } from './keys';

export type UpdateTeamInput = z.output<typeof UpdateTeamBody>;

export const updateTeam = ({ id, body }: { id: string; body: UpdateTeamInput }) =>
  apiData<Team>(`/teams/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTeam() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateTeam, onSuccess: () => qc.invalidateQueries({ queryKey: teamsKeys.all }) });
}
