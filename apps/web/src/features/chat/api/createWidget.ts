import type { CreateWidgetBody, Widget } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const createWidget = (body: z.input<typeof CreateWidgetBody>) => apiData<Widget>('/chat/widgets', { method: 'POST', json: body });

export function useCreateWidget() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createWidget, onSuccess: () => qc.invalidateQueries({ queryKey: chatKeys.widgets }) });
}
