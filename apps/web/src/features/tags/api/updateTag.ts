import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Tag, UpdateTagBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { tagsKeys } from './keys';

export type UpdateTagInput = z.output<typeof UpdateTagBody>;

export const updateTag = ({ id, body }: { id: string; body: UpdateTagInput }) =>
  apiData<Tag>(`/tags/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateTag,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: tagsKeys.all });
      // Contacts show tag names and colors.
      qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
