import { Badge, Button, Card, Grid, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { FEATURES, LIMIT_NAMES, type Tenant, UpdateOwnTenantBody } from '@switchboard/shared';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { type SettingsValues, settingsToValues, valuesToSettings } from '../../../components/tenant-settings/settingsForm';
import { TenantSettingsFields } from '../../../components/tenant-settings/TenantSettingsFields';
import { formatDate, humanize } from '../../../lib/format';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useOwnTenant } from '../api/getOwnTenant';
import { useUpdateOwnTenant } from '../api/updateOwnTenant';

interface Values {
  name: string;
  settings: SettingsValues;
}

const LIMIT_LABELS: Record<(typeof LIMIT_NAMES)[number], string> = {
  max_agents: 'Max agents',
  max_dids: 'Max phone numbers',
  max_concurrent_calls: 'Max concurrent calls',
};

const toBody = (v: Values) => ({ name: v.name, settings: valuesToSettings(v.settings) });

export function SettingsPage() {
  const tenant = useOwnTenant();
  if (tenant.isPending) return <PageLoader />;
  if (tenant.isError) return <QueryError error={tenant.error} onRetry={() => tenant.refetch()} />;
  return <SettingsForm key={tenant.data.id} tenant={tenant.data} />;
}

function SettingsForm({ tenant }: { tenant: Tenant }) {
  const mutation = useUpdateOwnTenant();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: tenant.name, settings: settingsToValues(tenant.settings) },
    validate: zodValidate(UpdateOwnTenantBody, toBody),
  });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const saved = await mutation.mutateAsync(UpdateOwnTenantBody.parse(toBody(values)));
      const next = { name: saved.name, settings: settingsToValues(saved.settings) };
      form.setInitialValues(next);
      form.setValues(next);
      notifySuccess('Settings saved');
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader title="Settings" description="Your organization's name, region, branding and business hours." />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card withBorder radius="md" padding="lg">
            <form onSubmit={submit} noValidate data-testid="settings-form">
              <Stack gap="lg">
                <TextInput label="Organization name" required {...form.getInputProps('name')} />
                <TenantSettingsFields form={form} />
                <FormErrorAlert error={formError.error} />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                    Discard changes
                  </Button>
                  <Button type="submit" loading={mutation.isPending}>
                    Save
                  </Button>
                </Group>
              </Stack>
            </form>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={5} mb="xs">
              Plan
            </Title>
            <Table aria-label="Plan" variant="vertical">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th>ID</Table.Th>
                  <Table.Td>{tenant.id}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Status</Table.Th>
                  <Table.Td>
                    <Badge variant="light">{humanize(tenant.status)}</Badge>
                  </Table.Td>
                </Table.Tr>
                {tenant.trial_ends_at ? (
                  <Table.Tr>
                    <Table.Th>Trial ends</Table.Th>
                    <Table.Td>{formatDate(tenant.trial_ends_at)}</Table.Td>
                  </Table.Tr>
                ) : null}
                {LIMIT_NAMES.map((l) => (
                  <Table.Tr key={l}>
                    <Table.Th>{LIMIT_LABELS[l]}</Table.Th>
                    <Table.Td>{tenant.limits[l] ?? 'Unlimited'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" fw={600} mt="md" mb={6}>
              Features
            </Text>
            <Group gap={6}>
              {FEATURES.map((f) => (
                <Badge key={f} variant={tenant.features[f] ? 'light' : 'outline'} color={tenant.features[f] ? 'teal' : 'gray'} tt="none">
                  {f} {tenant.features[f] ? 'on' : 'off'}
                </Badge>
              ))}
            </Group>
            <Text size="xs" c="dimmed" mt="sm">
              Limits and features are set by the platform operator.
            </Text>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
