import { Button, Checkbox, Collapse, Group, Modal, PasswordInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTenantBody, type TENANT_STATUSES } from '@switchboard/shared';
import { SelectField } from '../../../components/ui/SelectField';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { localInputToIso } from '../../../lib/format';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateTenant } from '../api/createTenant';
import { STATUS_OPTIONS } from './tenantOptions';

interface Values {
  id: string;
  name: string;
  status: (typeof TENANT_STATUSES)[number];
  trial_ends_at: string;
  with_admin: boolean;
  admin: { name: string; email: string; password: string };
}

const initialValues: Values = { id: '', name: '', status: 'active', trial_ends_at: '', with_admin: false, admin: { name: '', email: '', password: '' } };

const toBody = (v: Values) => ({
  id: v.id.trim(),
  name: v.name,
  status: v.status,
  trial_ends_at: localInputToIso(v.trial_ends_at),
  admin: v.with_admin ? { name: v.admin.name, email: v.admin.email.trim().toLowerCase(), password: v.admin.password } : undefined,
});

export function CreateTenantModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (id: string) => void }) {
  const mutation = useCreateTenant();
  const form = useForm<Values>({ mode: 'controlled', initialValues, validate: zodValidate(CreateTenantBody, toBody) });
  const formError = useFormError(form);

  const close = () => {
    form.reset();
    formError.clear();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const tenant = await mutation.mutateAsync(CreateTenantBody.parse(toBody(values)));
      notifySuccess('Tenant created', `${tenant.name} (${tenant.id})`);
      close();
      onCreated?.(tenant.id);
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={close} title="New tenant" size="lg" centered>
      <form onSubmit={submit} noValidate data-testid="create-tenant-form">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
            <TextInput label="Slug" description="Permanent ID: a-z, 0-9 and dashes" required {...form.getInputProps('id')} />
            <SelectField label="Status" data={STATUS_OPTIONS} {...form.getInputProps('status')} />
            <TextInput label="Trial ends at" type="datetime-local" {...form.getInputProps('trial_ends_at')} />
          </SimpleGrid>
          <Checkbox label="Add a first admin user" {...form.getInputProps('with_admin', { type: 'checkbox' })} />
          <Collapse expanded={form.values.with_admin}>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput label="Administrator" placeholder="Full name" {...form.getInputProps('admin.name')} />
              <TextInput label="Admin email" type="email" {...form.getInputProps('admin.email')} />
              <PasswordInput label="Admin password" autoComplete="new-password" {...form.getInputProps('admin.password')} />
            </SimpleGrid>
          </Collapse>
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              Create tenant
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
