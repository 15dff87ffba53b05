import { Badge, Button, Card, Code, Grid, Group, NumberInput, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDoorEnter, IconTrash } from '@tabler/icons-react';
import { FEATURES, LIMIT_NAMES, type Tenant, type TENANT_STATUSES, UpdateTenantBody } from '@switchboard/shared';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { SelectField } from '../../../components/ui/SelectField';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { type SettingsValues, settingsToValues, valuesToSettings } from '../../../components/tenant-settings/settingsForm';
import { TenantSettingsFields } from '../../../components/tenant-settings/TenantSettingsFields';
import { formatDateTime, humanize, isoToLocalInput, localInputToIso } from '../../../lib/format';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useMe, useSwitchTenant } from '../../../lib/session';
import { useDeleteTenant } from '../api/deleteTenant';
import { useTenant } from '../api/getTenant';
import { useUpdateTenant } from '../api/updateTenant';
import { STATUS_COLORS, STATUS_OPTIONS } from './tenantOptions';

type LimitName = (typeof LIMIT_NAMES)[number];

interface Values {
  name: string;
  status: (typeof TENANT_STATUSES)[number];
  trial_ends_at: string;
  limits: Record<LimitName, number | string>;
  features: Record<string, boolean>;
  settings: SettingsValues;
}

const LIMIT_LABELS: Record<LimitName, string> = {
  max_agents: 'Max agents',
  max_dids: 'Max phone numbers (DIDs)',
  max_concurrent_calls: 'Max concurrent calls',
};

const FEATURE_LABELS: Record<string, string> = {
  webrtc: 'WebRTC softphone',
  sms: 'SMS',
  recording: 'Call recording',
  queues: 'Queues',
  ivr: 'IVR',
  chat: 'Live chat',
  helpdesk: 'Helpdesk',
  analytics: 'Analytics',
  api: 'Public API',
};

const toValues = (t: Tenant): Values => ({
  name: t.name,
  status: t.status,
  trial_ends_at: isoToLocalInput(t.trial_ends_at),
  limits: Object.fromEntries(LIMIT_NAMES.map((l) => [l, t.limits?.[l] ?? ''])) as Values['limits'],
  features: Object.fromEntries(FEATURES.map((f) => [f, Boolean(t.features?.[f])])),
  settings: settingsToValues(t.settings),
});

const toBody = (v: Values) => ({
  name: v.name,
  status: v.status,
  trial_ends_at: localInputToIso(v.trial_ends_at),
  limits: Object.fromEntries(LIMIT_NAMES.map((l) => [l, v.limits[l] === '' || v.limits[l] === null ? null : Number(v.limits[l])])),
  features: v.features,
  settings: valuesToSettings(v.settings),
});

export function TenantEditPage() {
  const { id = '' } = useParams();
  const tenant = useTenant(id);
  if (tenant.isPending) return <PageLoader />;
  if (tenant.isError) return <QueryError error={tenant.error} onRetry={() => tenant.refetch()} />;
  return <TenantEditor key={tenant.data.id} tenant={tenant.data} />;
}

function TenantEditor({ tenant }: { tenant: Tenant }) {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const update = useUpdateTenant();
  const deletion = useDeleteConfirm({
    mutation: useDeleteTenant(),
    onDeleted: () => {
      notifySuccess('Tenant deleted', tenant.name);
      navigate('/tenants');
    },
    onError: (e) => notifyError(e, 'Could not delete the tenant'),
  });
  const switchTenant = useSwitchTenant();
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(tenant), validate: zodValidate(UpdateTenantBody, toBody) });
  const formError = useFormError(form);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const saved = await update.mutateAsync({ id: tenant.id, body: UpdateTenantBody.parse(toBody(values)) });
      form.setInitialValues(toValues(saved));
      form.setValues(toValues(saved));
      notifySuccess('Tenant saved', saved.name);
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader
        title={tenant.name}
        description={
          <Group gap={6} component="span">
            <Code>{tenant.id}</Code>
            <Badge size="sm" variant="light" color={STATUS_COLORS[tenant.status] ?? 'gray'} component="span">
              {humanize(tenant.status)}
            </Badge>
            <Text span size="xs" c="dimmed">
              created {formatDateTime(tenant.created_at)}, updated {formatDateTime(tenant.updated_at)}
            </Text>
          </Group>
        }
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconDoorEnter size={16} />}
              disabled={me?.tenant?.id === tenant.id}
              loading={switchTenant.isPending}
              onClick={() =>
                switchTenant.mutate(tenant.id, {
                  onSuccess: () => notifySuccess('Tenant switched', `Now working in ${tenant.name}`),
                  onError: (e) => notifyError(e, 'Could not enter the tenant'),
                })
              }
            >
              Enter tenant
            </Button>
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(tenant)}>
              Delete tenant
            </Button>
          </>
        }
      />
      <form onSubmit={submit} noValidate data-testid="tenant-form">
        <Grid>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack>
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb="md">
                  General
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label="Name" required {...form.getInputProps('name')} />
                  <SelectField label="Status" data={STATUS_OPTIONS} {...form.getInputProps('status')} />
                  <TextInput label="Trial ends at" type="datetime-local" description="Empty: no trial end" {...form.getInputProps('trial_ends_at')} />
                </SimpleGrid>
              </Card>
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb="md">
                  Settings
                </Title>
                <TenantSettingsFields form={form} />
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack>
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb={4}>
                  Limits
                </Title>
                <Text size="xs" c="dimmed" mb="md">
                  Leave empty for unlimited.
                </Text>
                <Stack gap="sm">
                  {LIMIT_NAMES.map((l) => (
                    <NumberInput
                      key={l}
                      label={LIMIT_LABELS[l]}
                      min={0}
                      allowDecimal={false}
                      allowNegative={false}
                      placeholder="Unlimited"
                      {...form.getInputProps(`limits.${l}`)}
                    />
                  ))}
                </Stack>
              </Card>
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb="md">
                  Features
                </Title>
                <Stack gap="sm" data-testid="feature-switches">
                  {FEATURES.map((f) => (
                    <Switch key={f} label={FEATURE_LABELS[f] ?? f} description={f} {...form.getInputProps(`features.${f}`, { type: 'checkbox' })} />
                  ))}
                </Stack>
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={12}>
            <Stack>
              <FormErrorAlert error={formError.error} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/tenants')}>
                  Back to tenants
                </Button>
                <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                  Discard changes
                </Button>
                <Button type="submit" loading={update.isPending}>
                  Save
                </Button>
              </Group>
            </Stack>
          </Grid.Col>
        </Grid>
      </form>
      <ConfirmDelete {...deletion.dialog} what={`the tenant ${tenant.name} (${tenant.id})`} extra=" Its users can no longer sign in to it." />
    </Stack>
  );
}
