import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateIvrMenuBody, IvrMenu } from '@switchboard/shared';
import { apiData } from '../../../lib/api';
import { ivrKeys } from './keys';

export const createIvrMenu = (body: CreateIvrMenuBody) => apiData<IvrMenu>('/telephony/ivr', { method: 'POST', json: body });

export function useCreateIvrMenu() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createIvrMenu, onSuccess: () => qc.invalidateQueries({ queryKey: ivrKeys.all }) });
}
