import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Contact, UpdateContactBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { contactsKeys } from './keys';

export type UpdateContactInput = z.output<typeof UpdateContactBody>;

export const updateContact = ({ id, body }: { id: string; body: UpdateContactInput }) =>
  apiData<Contact>(`/contacts/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateContact, onSuccess: () => qc.invalidateQueries({ queryKey: contactsKeys.all }) });
}
