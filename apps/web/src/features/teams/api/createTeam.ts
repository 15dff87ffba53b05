import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTeamBody, Team } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { teamsKeys } from './keys';

export type CreateTeamInput = z.output<typeof CreateTeamBody>;

export const createTeam = (body: CreateTeamInput) => apiData<Team>('/teams', { method: 'POST', json: body });

export function useCreateTeam() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTeam, onSuccess: () => qc.invalidateQueries({ queryKey: teamsKeys.all }) });
}
