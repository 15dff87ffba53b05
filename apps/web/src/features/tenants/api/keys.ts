export interface TenantListParams {
  q?: string;
  status?: string;
  sort?: string;
  page: number;
  page_size: number;
}

export const tenantsKeys = {
  all: ['tenants'] as const,
  list: (p: TenantListParams) => ['tenants', 'list', p] as const,
  detail: (id: string) => ['tenants', 'detail', id] as const,
};
