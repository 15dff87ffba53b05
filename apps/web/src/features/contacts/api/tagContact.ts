import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Contact } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { contactsKeys } from './keys';

/** POST /contacts/:id/tags {tag_id} */
export const tagContact = ({ contactId, tagId }: { contactId: string; tagId: string }) =>
  apiData<Contact>(`/contacts/${encodeURIComponent(contactId)}/tags`, { method: 'POST', json: { tag_id: tagId } });

export function useTagContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: tagContact, onSuccess: () => qc.invalidateQueries({ queryKey: contactsKeys.all }) });
}
