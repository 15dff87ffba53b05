import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Contact } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { contactsKeys } from './keys';

/** DELETE /contacts/:id/tags/:tag_id */
export const untagContact = ({ contactId, tagId }: { contactId: string; tagId: string }) =>
  apiData<Contact>(`/contacts/${encodeURIComponent(contactId)}/tags/${encodeURIComponent(tagId)}`, { method: 'DELETE' });

export function useUntagContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: untagContact, onSuccess: () => qc.invalidateQueries({ queryKey: contactsKeys.all }) });
}
