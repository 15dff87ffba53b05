export interface TeamListParams {
  q?: string;
  page: number;
  page_size: number;
}

/** Under `['teams']` so the ticket pages' team pickers refresh when teams change here. */
export const teamsKeys = {
  all: ['teams'] as const,
  list: (p: TeamListParams) => ['teams', 'list', p] as const,
  members: (id: string) => ['teams', 'members', id] as const,
  /** Under `['users']` so that changes on the Users page refresh the member picker. */
  userOptions: ['users', 'team-member-options'] as const,
};
