import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiData } from '../../../lib/api';
import type { ExtensionWithPasswordT } from './createExtension';
import { extensionsKeys } from './keys';

/** A new generated SIP password, shown this once; the old one stops working. */
export const resetExtensionPassword = (id: string) =>
  apiData<ExtensionWithPasswordT>(`/telephony/extensions/${encodeURIComponent(id)}/reset-password`, { method: 'POST' });

export function useResetExtensionPassword() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: resetExtensionPassword, onSuccess: () => qc.invalidateQueries({ queryKey: extensionsKeys.all }) });
}
