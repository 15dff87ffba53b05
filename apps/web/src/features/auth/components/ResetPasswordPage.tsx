import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ResetPasswordBody } from '@switchboard/shared';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { isApiError } from '../../../lib/api';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useResetPassword } from '../api/resetPassword';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? '';
  const mutation = useResetPassword();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', confirm: '' },
    validate: (values) => {
      const errors = zodValidate(ResetPasswordBody, (v: typeof values) => ({ token, password: v.password }))(values);
      delete errors.token;
      if (!errors.password && values.confirm !== values.password) errors.confirm = 'The passwords do not match';
      return errors;
    },
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      await mutation.mutateAsync({ token, password: values.password });
      notifySuccess('Password changed', 'Sign in with your new password.');
      navigate('/login?reset=1', { replace: true });
    } catch (e) {
      if (isApiError(e) && (e.status === 400 || e.status === 404 || e.status === 410) && !e.fieldErrors.some((f) => f.field === 'password')) {
        formError.set('This reset link is invalid or has expired. Ask for a new one.');
      } else {
        formError.handle(e);
      }
    }
  });

  if (!token) {
    return (
      <Stack>
        <Title order={3}>Reset password</Title>
        <Alert color="red" variant="light">
          This page needs the link from the reset email. The link seems incomplete.
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm">
          Ask for a new link
        </Anchor>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <div>
          <Title order={3}>Choose a new password</Title>
          <Text c="dimmed" size="sm">
            At least 10 characters.
          </Text>
        </div>
        <PasswordInput label="New password" required autoComplete="new-password" key={form.key('password')} {...form.getInputProps('password')} />
        <PasswordInput
          label="Confirmation"
          description="Type the new password again."
          required
          autoComplete="new-password"
          key={form.key('confirm')}
          {...form.getInputProps('confirm')}
        />
        <FormErrorAlert error={formError.error} />
        <Button type="submit" fullWidth loading={mutation.isPending}>
          Set new password
        </Button>
        <Text size="sm" ta="center">
          <Anchor component={Link} to="/forgot-password">
            Ask for a new link
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
