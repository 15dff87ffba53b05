import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api';
import { contactsKeys } from './keys';

export const deleteContact = (id: string) => apiRequest<void>(`/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' });

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteContact, onSuccess: () => qc.invalidateQueries({ queryKey: contactsKeys.all }) });
}
