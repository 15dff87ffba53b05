import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, User } from '@switchboard/shared';
import type { z } from 'zod';
import { apiData } from '../../../lib/api';
import { usersKeys } from './keys';

export type CreateUserInput = z.output<typeof CreateUserBody>;

export const createUser = (body: CreateUserInput) => apiData<User>('/users', { method: 'POST', json: body });

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => qc.invalidateQueries({ queryKey: usersKeys.all }),
  });
}
