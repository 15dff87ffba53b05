import { useMutation } from '@tanstack/react-query';
import { apiDownload } from '../../../lib/api';

/** GET /contacts/export → CSV file download (fetched with the token, saved from a Blob). */
export const exportContacts = () => apiDownload('/contacts/export', `contacts-${new Date().toISOString().slice(0, 10)}.csv`);

export function useExportContacts() {
  return useMutation({ mutationFn: exportContacts });
}
