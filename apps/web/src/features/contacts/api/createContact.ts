import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Contact, CreateContactBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { contactsKeys } from './keys';

export type CreateContactInput = z.output<typeof CreateContactBody>;

export const createContact = (body: CreateContactInput) => apiData<Contact>('/contacts', { method: 'POST', json: body });

export function useCreateContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createContact, onSuccess: () => qc.invalidateQueries({ queryKey: contactsKeys.all }) });
}
