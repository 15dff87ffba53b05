import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import type { Contact } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ticketsKeys } from './keys';

export const getContact = (id: string, signal?: AbortSignal) => apiData<Contact>(`/contacts/${encodeURIComponent(id)}`, { signal });

export const contactQueryOptions = (id: string) =>
  queryOptions({ queryKey: ticketsKeys.contact(id), queryFn: ({ signal }) => getContact(id, signal), staleTime: 5 * 60_000 });

export function useContact(id: string | null | undefined, enabled = true) {
  return useQuery({ ...contactQueryOptions(id ?? ''), enabled: Boolean(id) && enabled });
}

/** Several contacts by id (a list page's requesters), each cached on its own; id → contact once loaded. */
export function useContactsById(ids: string[], enabled = true): Map<string, Contact> {
  const unique = [...new Set(ids)];
  const results = useQueries({ queries: unique.map((id) => ({ ...contactQueryOptions(id), enabled })) });
  const map = new Map<string, Contact>();
  results.forEach((r, i) => {
    if (r.data) map.set(unique[i], r.data);
  });
  return map;
}
