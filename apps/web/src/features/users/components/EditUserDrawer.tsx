import { Button, Drawer, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type TenantRole, UpdateUserBody, type User, type UserStatus } from '@switchboard/shared';
import { useEffect } from 'react';
import type { z } from 'zod';
import { SelectField } from '../../../components/ui/SelectField';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useUpdateUser } from '../api/updateUser';
import { ROLE_OPTIONS, STATUS_OPTIONS } from './roleOptions';

interface Values {
  name: string;
  role: TenantRole;
  status: z.infer<typeof UserStatus>;
  phone: string;
  avatar_url: string;
}

const toValues = (u: User): Values => ({ name: u.name, role: u.role, status: u.status, phone: u.phone ?? '', avatar_url: u.avatar_url ?? '' });
const toBody = (v: Values) => ({ name: v.name, role: v.role, status: v.status, phone: blankToNull(v.phone), avatar_url: blankToNull(v.avatar_url) });

export function EditUserDrawer({ user, onClose, isSelf }: { user: User | null; onClose: () => void; isSelf: boolean }) {
  const mutation = useUpdateUser();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', role: 'agent', status: 'active', phone: '', avatar_url: '' },
    validate: zodValidate(UpdateUserBody, toBody),
  });
  const formError = useFormError(form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when another user is opened
  useEffect(() => {
    if (user) {
      form.setInitialValues(toValues(user));
      form.setValues(toValues(user));
      form.clearErrors();
      formError.clear();
    }
  }, [user?.id]);

  const submit = form.onSubmit(async (values) => {
    if (!user) return;
    formError.clear();
    try {
      const updated = await mutation.mutateAsync({ id: user.id, body: UpdateUserBody.parse(toBody(values)) });
      notifySuccess('User updated', `${updated.name} was saved.`);
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Drawer opened={Boolean(user)} onClose={onClose} title={user ? `Edit ${user.email}` : 'Edit user'} position="right" size="md">
      <form onSubmit={submit} noValidate data-testid="edit-user-form">
        <Stack>
          <TextInput label="Email" value={user?.email ?? ''} readOnly disabled description="The email address cannot be changed here." />
          <TextInput label="Name" required {...form.getInputProps('name')} />
          <SelectField
            label="Role"
            data={ROLE_OPTIONS}
            disabled={isSelf}
            description={isSelf ? 'You cannot change your own role.' : undefined}
            {...form.getInputProps('role')}
          />
          <SelectField label="Status" data={STATUS_OPTIONS} disabled={isSelf} {...form.getInputProps('status')} />
          <TextInput label="Phone" {...form.getInputProps('phone')} />
          <TextInput label="Avatar URL" placeholder="https://…" {...form.getInputProps('avatar_url')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
