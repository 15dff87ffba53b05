import { Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { RegisterBody } from '@switchboard/shared';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { isApiError } from '../../../lib/api';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useStartSession } from '../../../lib/session';
import { useRegister } from '../api/register';

/** `Acme Corp.` → `acme-corp` */
function slugify(s: string): string {
  const slug = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 31)
    .replace(/-+$/, '');
  return slug;
}

export function RegisterPage() {
  const navigate = useNavigate();
  const startSession = useStartSession();
  const registerMutation = useRegister();
  const slugTouched = useRef(false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { company_name: '', slug: '', name: '', email: '', password: '' },
    validate: zodValidate(RegisterBody),
    onValuesChange: (values, previous) => {
      if (!slugTouched.current && values.company_name !== previous.company_name) {
        form.setFieldValue('slug', slugify(values.company_name));
      }
    },
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const pair = await registerMutation.mutateAsync(RegisterBody.parse(values));
      startSession(pair);
      notifySuccess('Welcome to Switchboard', `${values.company_name} is ready.`);
      navigate('/', { replace: true });
    } catch (e) {
      if (isApiError(e) && e.status === 403 && e.code === 'forbidden') {
        formError.set('Self sign-up is disabled on this server. Ask your administrator for an account.');
      } else {
        formError.handle(e);
      }
    }
  });

  const slugProps = form.getInputProps('slug');
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <div>
          <Title order={3}>Create your account</Title>
          <Text c="dimmed" size="sm">
            Start a new company workspace. You will be its administrator.
          </Text>
        </div>
        <TextInput label="Company name" required autoComplete="organization" {...form.getInputProps('company_name')} />
        <TextInput
          label="Workspace ID"
          description="Lower-case letters, digits and dashes; used in addresses."
          required
          {...slugProps}
          onChange={(e) => {
            slugTouched.current = true;
            slugProps.onChange(e);
          }}
        />
        <TextInput label="Your name" required autoComplete="name" {...form.getInputProps('name')} />
        <TextInput label="Email" type="email" required autoComplete="email" {...form.getInputProps('email')} />
        <PasswordInput label="Password" description="At least 10 characters." required autoComplete="new-password" {...form.getInputProps('password')} />
        <FormErrorAlert error={formError.error} />
        <Button type="submit" fullWidth loading={registerMutation.isPending}>
          Create account
        </Button>
        <Text size="sm" ta="center">
          Already have an account?{' '}
          <Anchor component={Link} to="/login">
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
