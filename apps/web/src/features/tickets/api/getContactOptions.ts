import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Contact } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { ticketsKeys } from './keys';

/** Contacts matching what was typed (name, email, phone, company), first 20. */
export const getContactOptions = (q: string, signal?: AbortSignal) => apiList<Contact>('/contacts', { q: q || undefined, page: 1, page_size: 20 }, signal);

export const contactOptionsQueryOptions = (q: string) =>
  queryOptions({
    queryKey: ticketsKeys.contactOptions(q),
    queryFn: ({ signal }) => getContactOptions(q, signal),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

export function useContactOptions(q: string, enabled = true) {
  return useQuery({ ...contactOptionsQueryOptions(q), enabled });
}
