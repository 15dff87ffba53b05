import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateUserBody, type TenantRole } from '@switchboard/shared';
import { SelectField } from '../../../components/ui/SelectField';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, blankToUndefined, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateUser } from '../api/createUser';
import { ROLE_OPTIONS } from './roleOptions';

interface Values {
  email: string;
  name: string;
  role: TenantRole | '';
  password: string;
  phone: string;
}

const initialValues: Values = { email: '', name: '', role: 'agent', password: '', phone: '' };

const toBody = (v: Values) => ({
  email: v.email,
  name: v.name,
  role: v.role || undefined,
  password: blankToUndefined(v.password),
  phone: blankToNull(v.phone),
});

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const mutation = useCreateUser();
  const form = useForm<Values>({ mode: 'controlled', initialValues, validate: zodValidate(CreateUserBody, toBody) });
  const formError = useFormError(form);

  const close = () => {
    form.reset();
    formError.clear();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const user = await mutation.mutateAsync(CreateUserBody.parse(toBody(values)));
      notifySuccess('User created', `${user.name} <${user.email}> was added.`);
      close();
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title="New user" centered size="md">
      <form onSubmit={submit} noValidate data-testid="create-user-form">
        <Stack>
          <TextInput label="Email" type="email" required data-autofocus autoComplete="off" {...form.getInputProps('email')} />
          <TextInput label="Name" required autoComplete="off" {...form.getInputProps('name')} />
          <SelectField label="Role" required data={ROLE_OPTIONS} {...form.getInputProps('role')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters. Leave empty to email the user a link to set one."
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <TextInput label="Phone" autoComplete="off" {...form.getInputProps('phone')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Create user
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Admins, supervisors and agents count towards the plan's agent limit.
          </Text>
        </Stack>
      </form>
    </Modal>
  );
}
