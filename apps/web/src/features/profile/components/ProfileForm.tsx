import { Avatar, Button, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type Me, UpdateProfileBody } from '@switchboard/shared';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useUpdateMe } from '../api/updateMe';

interface Values {
  name: string;
  phone: string;
  avatar_url: string;
}

const toBody = (v: Values) => ({ name: v.name, phone: blankToNull(v.phone), avatar_url: blankToNull(v.avatar_url) });

export function ProfileForm({ me }: { me: Me }) {
  const mutation = useUpdateMe();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: me.user.name, phone: me.user.phone ?? '', avatar_url: me.user.avatar_url ?? '' },
    validate: zodValidate(UpdateProfileBody, toBody),
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      await mutation.mutateAsync(UpdateProfileBody.parse(toBody(values)));
      form.resetDirty();
      notifySuccess('Profile saved');
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="profile-form">
      <Stack>
        <Group>
          <Avatar src={form.values.avatar_url || null} size={64} radius="xl" alt={form.values.name}>
            {(form.values.name || me.user.email).slice(0, 1).toUpperCase()}
          </Avatar>
        </Group>
        <TextInput label="Email" value={me.user.email} readOnly disabled />
        <TextInput label="Name" required {...form.getInputProps('name')} />
        <TextInput label="Phone" placeholder="+1 555 0100" {...form.getInputProps('phone')} />
        <TextInput label="Avatar URL" placeholder="https://…" {...form.getInputProps('avatar_url')} />
        <FormErrorAlert error={formError.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending} disabled={!form.isDirty()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
