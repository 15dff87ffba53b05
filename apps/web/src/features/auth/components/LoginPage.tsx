import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { LoginBody } from '@switchboard/shared';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { useFormError, zodValidate } from '../../../lib/forms';
import { useStartSession } from '../../../lib/session';
import { useLogin } from '../api/login';

function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const startSession = useStartSession();
  const loginMutation = useLogin();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: zodValidate(LoginBody),
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const pair = await loginMutation.mutateAsync(LoginBody.parse(values));
      startSession(pair);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <div>
          <Title order={3}>Sign in</Title>
          <Text c="dimmed" size="sm">
            Welcome back. Sign in to your contact center.
          </Text>
        </div>
        {params.get('expired') ? (
          <Alert color="yellow" variant="light">
            Your session has ended. Please sign in again.
          </Alert>
        ) : null}
        {params.get('reset') ? (
          <Alert color="teal" variant="light">
            Your password was changed. Sign in with the new one.
          </Alert>
        ) : null}
        <TextInput label="Email" type="email" autoComplete="username" required key={form.key('email')} {...form.getInputProps('email')} />
        <PasswordInput label="Password" autoComplete="current-password" required key={form.key('password')} {...form.getInputProps('password')} />
        <Group justify="flex-end" mt={-8}>
          <Anchor component={Link} to="/forgot-password" size="sm">
            Forgot password?
          </Anchor>
        </Group>
        <FormErrorAlert error={formError.error} />
        <Button type="submit" fullWidth loading={loginMutation.isPending}>
          Sign in
        </Button>
        <Text size="sm" ta="center">
          New to Switchboard?{' '}
          <Anchor component={Link} to="/register">
            Create an account
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
