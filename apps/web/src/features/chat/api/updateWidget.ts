import type { UpdateWidgetBody, Widget } from '@switchboard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { chatKeys } from './keys';

export const updateWidget = ({ id, body }: { id: string; body: z.input<typeof UpdateWidgetBody> }) =>
  apiData<Widget>(`/chat/widgets/${id}`, { method: 'PATCH', json: body });

export function useUpdateWidget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateWidget,
    onSuccess: (w) => {
      qc.setQueryData(chatKeys.widget(w.id), w);
      void qc.invalidateQueries({ queryKey: chatKeys.widgets });
    },
  });
}
