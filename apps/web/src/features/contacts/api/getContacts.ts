import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Contact } from '@switchboard/shared';
import { apiList } from '../../../lib/api';
import { type ContactListParams, contactsKeys } from './keys';

export const getContacts = (params: ContactListParams, signal?: AbortSignal) => apiList<Contact>('/contacts', { ...params }, signal);

export const contactsQueryOptions = (params: ContactListParams) =>
  queryOptions({ queryKey: contactsKeys.list(params), queryFn: ({ signal }) => getContacts(params, signal), placeholderData: keepPreviousData });

export function useContacts(params: ContactListParams) {
  return useQuery(contactsQueryOptions(params));
}
