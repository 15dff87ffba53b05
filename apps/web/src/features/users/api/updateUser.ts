import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateUserBody, User } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { meQueryKey } from '../../../lib/session';
import { usersKeys } from './keys';

export type UpdateUserInput = z.output<typeof UpdateUserBody>;

export const updateUser = ({ id, body }: { id: string; body: UpdateUserInput }) =>
  apiData<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: body });

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: usersKeys.all });
      // Editing yourself changes what /auth/me says.
      qc.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
