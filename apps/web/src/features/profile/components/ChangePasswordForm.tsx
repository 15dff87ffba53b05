import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ChangePasswordBody } from '@switchboard/shared';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { isApiError } from '../../../lib/api';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useChangePassword } from '../api/changePassword';

interface Values {
  current_password: string;
  new_password: string;
  confirm: string;
}

const toBody = (v: Values) => ({ current_password: v.current_password, new_password: v.new_password });

export function ChangePasswordForm() {
  const mutation = useChangePassword();
  const form = useForm<Values>({
    mode: 'uncontrolled',
    initialValues: { current_password: '', new_password: '', confirm: '' },
    validate: (values) => {
      const errors = zodValidate(ChangePasswordBody, toBody)(values);
      if (!errors.new_password && values.confirm !== values.new_password) errors.confirm = 'The passwords do not match';
      return errors;
    },
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      await mutation.mutateAsync(ChangePasswordBody.parse(toBody(values)));
      form.reset();
      notifySuccess('Password changed');
    } catch (e) {
      if (isApiError(e) && e.code === 'invalid_credentials') {
        form.setFieldError('current_password', 'The current password is wrong');
      } else {
        formError.handle(e);
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate data-testid="change-password-form">
      <Stack>
        <PasswordInput
          label="Current password"
          required
          autoComplete="current-password"
          key={form.key('current_password')}
          {...form.getInputProps('current_password')}
        />
        <PasswordInput
          label="New password"
          description="At least 10 characters."
          required
          autoComplete="new-password"
          key={form.key('new_password')}
          {...form.getInputProps('new_password')}
        />
        <PasswordInput
          label="Confirmation"
          description="Type the new password again."
          required
          autoComplete="new-password"
          key={form.key('confirm')}
          {...form.getInputProps('confirm')}
        />
        <FormErrorAlert error={formError.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={mutation.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
