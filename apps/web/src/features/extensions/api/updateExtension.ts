import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Extension, UpdateExtensionBody } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { extensionsKeys } from './keys';

export const updateExtension = ({ id, body }: { id: string; body: UpdateExtensionBody }) =>
  apiData<Extension>(`/telephony/extensions/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateExtension() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateExtension,
    onSuccess: (saved) => {
      qc.setQueryData(extensionsKeys.detail(saved.id), saved);
      qc.invalidateQueries({ queryKey: extensionsKeys.all });
      // Queue member names follow the extension's.
      qc.invalidateQueries({ queryKey: ['telephony', 'queues'] });
    },
  });
}
