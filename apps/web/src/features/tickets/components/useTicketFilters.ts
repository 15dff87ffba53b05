import { useSearchParams } from 'react-router';
import type { TicketListParams } from '../api/keys';

/** Filter fields kept in the address bar (so a filtered list can be bookmarked, shared and saved as a view). */
export const FILTER_KEYS = [
  'status',
  'priority',
  'assignee_id',
  'team_id',
  'tag_id',
  'requester_id',
  'q',
  'overdue',
  'sla_breached',
  'sort',
  'deleted',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type TicketFilters = Partial<Record<FilterKey, string>>;

/** Work still to do: what the list shows until another status is chosen. */
export const DEFAULT_STATUS = 'open,in_progress,pending';
/** `status=any` in the address: every status. */
export const ANY_STATUS = 'any';
export const DEFAULT_SORT = '-created_at';

/** The list's filters, page and page size, read from and written to the query string. */
export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const filters: TicketFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('page_size')) || 25;

  const write = (next: TicketFilters, extra: { page?: number; pageSize?: number } = {}) => {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (next[k]) p.set(k, next[k] as string);
    if (extra.page && extra.page > 1) p.set('page', String(extra.page));
    const size = extra.pageSize ?? pageSize;
    if (size !== 25) p.set('page_size', String(size));
    setParams(p, { replace: true });
  };

  /** Changing a filter goes back to page 1. */
  const setFilter = (key: FilterKey, value: string | null) => write({ ...filters, [key]: value ?? undefined });
  const replaceFilters = (next: TicketFilters) => write(next);
  const setPage = (n: number) => write(filters, { page: n });
  const setPageSize = (n: number) => write(filters, { pageSize: n });

  const trash = filters.deleted === 'true';
  // The trash shows deleted tickets of every status unless one is picked.
  const status = filters.status ?? (trash ? ANY_STATUS : DEFAULT_STATUS);
  const { deleted, ...rest } = filters;
  const query: TicketListParams = {
    ...rest,
    deleted: deleted === 'true' ? 'true' : undefined,
    status: status === ANY_STATUS ? undefined : status,
    sort: filters.sort ?? DEFAULT_SORT,
    page,
    page_size: pageSize,
  };
  const filtered = FILTER_KEYS.some((k) => k !== 'sort' && k !== 'deleted' && filters[k]);
  /** Back to the defaults, keeping the sort and whether the trash is shown. */
  const clearFilters = () => write({ sort: filters.sort, deleted: filters.deleted });
  return { filters, query, status, trash, page, pageSize, filtered, setFilter, replaceFilters, clearFilters, setPage, setPageSize };
}

export type TicketFilterState = ReturnType<typeof useTicketFilters>;
