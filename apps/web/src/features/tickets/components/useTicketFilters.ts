import type { TicketView } from '@switchboard/shared';
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
  'created_from',
  'created_to',
  'updated_from',
  'updated_to',
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

/** The list's filters, page, page size and chosen saved view, read from and written to the query string. */
export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const filters: TicketFilters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('page_size')) || 25;
  const viewId = params.get('view');

  const write = (next: TicketFilters, extra: { page?: number; pageSize?: number; view?: string | null } = {}) => {
    const p = new URLSearchParams();
    const view = extra.view === undefined ? viewId : extra.view;
    if (view) p.set('view', view);
    for (const k of FILTER_KEYS) if (next[k]) p.set(k, next[k] as string);
    if (extra.page && extra.page > 1) p.set('page', String(extra.page));
    const size = extra.pageSize ?? pageSize;
    if (size !== 25) p.set('page_size', String(size));
    setParams(p, { replace: true });
  };

  /**
   * The filters in the address bar right now. Callers may run late (the search box is debounced),
   * so a change is applied to what the URL holds then, not to what this render saw — otherwise a
   * late search would undo a filter picked meanwhile.
   */
  const current = (): TicketFilters => {
    const live = new URLSearchParams(window.location.search);
    const out: TicketFilters = {};
    for (const k of FILTER_KEYS) {
      const v = live.get(k);
      if (v) out[k] = v;
    }
    return out;
  };
  /** Changing a filter goes back to page 1. */
  const setFilter = (key: FilterKey, value: string | null) => write({ ...current(), [key]: value ?? undefined });
  const replaceFilters = (next: TicketFilters) => write(next);
  const setPage = (n: number) => write(current(), { page: n });
  const setPageSize = (n: number) => write(current(), { pageSize: n });

  const trash = filters.deleted === 'true';
  // The trash shows deleted tickets of every status unless one is picked.
  const status = filters.status ?? (trash ? ANY_STATUS : DEFAULT_STATUS);
  const sort = filters.sort ?? DEFAULT_SORT;
  const { deleted, ...rest } = filters;
  const query: TicketListParams = {
    ...rest,
    deleted: deleted === 'true' ? 'true' : undefined,
    status: status === ANY_STATUS ? undefined : status,
    sort,
    page,
    page_size: pageSize,
  };
  const filtered = FILTER_KEYS.some((k) => k !== 'sort' && k !== 'deleted' && filters[k]);
  /** Back to the defaults, keeping the sort and whether the trash is shown (and leaving any saved view). */
  const clearFilters = () => write({ sort: filters.sort, deleted: filters.deleted }, { view: null });

  /**
   * What a saved view stores: the list query as the server reads it. The status is explicit (a view
   * without one shows every status), unlike the address bar where none means "unresolved".
   */
  const viewFilters = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const k of FILTER_KEYS) if (k !== 'sort' && k !== 'status' && filters[k]) out[k] = filters[k] as string;
    if (status !== ANY_STATUS) out.status = status;
    return out;
  };
  /** Shows a saved view: its filters and sort replace the current ones. */
  const applyView = (view: TicketView | null) => {
    if (!view) {
      write({}, { view: null });
      return;
    }
    const next: TicketFilters = {};
    for (const [k, v] of Object.entries(view.filters)) if ((FILTER_KEYS as readonly string[]).includes(k) && v) next[k as FilterKey] = String(v);
    const isTrash = next.deleted === 'true';
    if (!next.status && !isTrash) next.status = ANY_STATUS;
    if (next.status === DEFAULT_STATUS && !isTrash) delete next.status;
    if (view.sort !== DEFAULT_SORT) next.sort = view.sort;
    write(next, { view: view.id });
  };
  /** True when the list shows exactly what the view saved. */
  const matchesView = (view: TicketView) => sameFilters(viewFilters(), view.filters as Record<string, unknown>) && sort === view.sort;

  return {
    filters,
    query,
    status,
    sort,
    trash,
    page,
    pageSize,
    filtered,
    viewId,
    setFilter,
    replaceFilters,
    clearFilters,
    setPage,
    setPageSize,
    viewFilters,
    applyView,
    matchesView,
  };
}

function sameFilters(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const norm = (o: Record<string, unknown>) =>
    JSON.stringify(
      Object.entries(o)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [k, String(v)])
        .sort(([x], [y]) => (x < y ? -1 : 1)),
    );
  return norm(a) === norm(b);
}

export type TicketFilterState = ReturnType<typeof useTicketFilters>;
