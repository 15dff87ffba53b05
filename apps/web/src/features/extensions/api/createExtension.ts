import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateExtensionBody, ExtensionWithPassword } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { extensionsKeys } from './keys';

export type ExtensionWithPasswordT = z.infer<typeof ExtensionWithPassword>;

/** The answer carries the generated SIP password, this once. */
export const createExtension = (body: CreateExtensionBody) => apiData<ExtensionWithPasswordT>('/telephony/extensions', { method: 'POST', json: body });

export function useCreateExtension() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createExtension, onSuccess: () => qc.invalidateQueries({ queryKey: extensionsKeys.all }) });
}
