import type { Directory } from '@switchboard/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiData } from './api';

/** GET /directory: colleagues and teams by name, readable by every user of the tenant. */
export const directoryQueryOptions = () =>
  // Under `users…`: edits on the users and teams pages refresh it.
  queryOptions({ queryKey: ['users', 'directory'] as const, queryFn: ({ signal }) => apiData<Directory>('/directory', { signal }), staleTime: 60_000 });

/** The tenant's directory (for pickers and for showing names of assignees, teams, transfer targets). */
export function useDirectoryQuery(enabled = true) {
  return useQuery({ ...directoryQueryOptions(), enabled });
}
