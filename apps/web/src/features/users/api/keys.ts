export interface UserListParams {
  q?: string;
  role?: string;
  status?: string;
  sort?: string;
  page: number;
  page_size: number;
}

export const usersKeys = {
  all: ['users'] as const,
  list: (p: UserListParams) => ['users', 'list', p] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};
