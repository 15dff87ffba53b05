import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTagBody, Tag } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { tagsKeys } from './keys';

export type CreateTagInput = z.output<typeof CreateTagBody>;

export const createTag = (body: CreateTagInput) => apiData<Tag>('/tags', { method: 'POST', json: body });

export function useCreateTag() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createTag, onSuccess: () => qc.invalidateQueries({ queryKey: tagsKeys.all }) });
}
