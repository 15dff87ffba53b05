import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TeamMember } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { teamsKeys } from './keys';

export const getTeamMembers = (id: string, signal?: AbortSignal) => apiData<TeamMember[]>(`/teams/${encodeURIComponent(id)}/members`, { signal });

export const teamMembersQueryOptions = (id: string) => queryOptions({ queryKey: teamsKeys.members(id), queryFn: ({ signal }) => getTeamMembers(id, signal) });

export function useTeamMembers(id: string) {
  return useQuery(teamMembersQueryOptions(id));
}
