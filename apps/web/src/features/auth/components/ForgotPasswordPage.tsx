import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ForgotPasswordBody } from '@switchboard/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { useFormError, zodValidate } from '../../../lib/forms';
import { useForgotPassword } from '../api/forgotPassword';

export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const mutation = useForgotPassword();
  const form = useForm({ mode: 'uncontrolled', initialValues: { email: '' }, validate: zodValidate(ForgotPasswordBody) });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const body = ForgotPasswordBody.parse(values);
      await mutation.mutateAsync(body);
      setSentTo(body.email);
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack>
      <div>
        <Title order={3}>Forgot your password?</Title>
        <Text c="dimmed" size="sm">
          Enter your email and we will send you a link to choose a new one.
        </Text>
      </div>
      {sentTo ? (
        <Alert color="teal" variant="light" title="Check your inbox" data-testid="forgot-sent">
          If the address {sentTo} is known, a link to reset the password was sent to it. The link is valid for a limited time.
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput label="Email" type="email" required autoComplete="email" key={form.key('email')} {...form.getInputProps('email')} />
            <FormErrorAlert error={formError.error} />
            <Button type="submit" fullWidth loading={mutation.isPending}>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
      <Text size="sm" ta="center">
        <Anchor component={Link} to="/login">
          Back to sign in
        </Anchor>
      </Text>
    </Stack>
  );
}
