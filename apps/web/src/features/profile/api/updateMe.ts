import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me, UpdateProfileBody } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { meQueryKey } from '../../../lib/session';

export type UpdateMeInput = z.output<typeof UpdateProfileBody>;

/** PATCH /auth/me {name?, phone?, avatar_url?} → Me */
export const updateMe = (body: UpdateMeInput) => apiData<Me>('/auth/me', { method: 'PATCH', json: body });

export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => {
      if (me && typeof me === 'object' && 'user' in me) qc.setQueryData(meQueryKey, me);
      qc.invalidateQueries({ queryKey: meQueryKey });
      qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
}
