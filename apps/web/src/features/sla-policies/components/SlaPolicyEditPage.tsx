import { Anchor, Button, Card, Group, Radio, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { CreateSlaPolicyBody, SLA_DEFAULT_WARNING_PERCENT, type SlaPolicy } from '@switchboard/shared';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { weeklySummary } from '../../../components/schedule/weeklySummary';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useCreateSlaPolicy } from '../api/createSlaPolicy';
import { useDeleteSlaPolicy } from '../api/deleteSlaPolicy';
import { useScheduleOptions } from '../api/getScheduleOptions';
import { useSlaPolicy } from '../api/getSlaPolicy';
import { useUpdateSlaPolicy } from '../api/updateSlaPolicy';
import { EscalationCard, type EscalationValues } from './EscalationCard';
import { TargetsTable, type TargetValues } from './TargetsTable';

interface Values extends EscalationValues {
  name: string;
  is_default: boolean;
  clock: '24x7' | 'business';
  schedule_id: string | null;
  targets: TargetValues;
}

/** Common first-response / resolution targets, a starting point for a new policy. */
const DEFAULT_TARGETS: TargetValues = {
  low: { first_response_minutes: 480, resolution_minutes: 2400 },
  medium: { first_response_minutes: 240, resolution_minutes: 1440 },
  high: { first_response_minutes: 60, resolution_minutes: 480 },
  critical: { first_response_minutes: 30, resolution_minutes: 240 },
};

const toValues = (p: SlaPolicy | null): Values => {
  const esc = p?.escalation ?? null;
  const base = { escalate: Boolean(esc), raise_priority: esc?.raise_priority ?? false, assignee_id: esc?.assignee_id ?? null, team_id: esc?.team_id ?? null };
  return p
    ? {
        ...base,
        name: p.name,
        is_default: p.is_default,
        clock: p.business_hours ? 'business' : '24x7',
        schedule_id: p.schedule_id,
        targets: p.targets,
        warning_percent: p.warning_percent ?? '',
      }
    : { ...base, name: '', is_default: false, clock: 'business', schedule_id: null, targets: DEFAULT_TARGETS, warning_percent: SLA_DEFAULT_WARNING_PERCENT };
};

const toBody = (v: Values) => ({
  name: v.name,
  is_default: v.is_default,
  business_hours: v.clock === 'business',
  schedule_id: v.clock === 'business' ? v.schedule_id : null,
  targets: v.targets,
  warning_percent: v.warning_percent === '' ? null : Number(v.warning_percent),
  escalation: v.escalate ? { raise_priority: v.raise_priority, assignee_id: v.assignee_id, team_id: v.team_id } : null,
});

export function SlaPolicyEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const policy = useSlaPolicy(id, !isNew);
  if (!isNew && policy.isPending) return <PageLoader />;
  if (!isNew && policy.isError) return <QueryError error={policy.error} onRetry={() => policy.refetch()} />;
  return <SlaPolicyEditor key={id} policy={isNew ? null : (policy.data ?? null)} />;
}

function SlaPolicyEditor({ policy }: { policy: SlaPolicy | null }) {
  const navigate = useNavigate();
  const canWrite = useCan('tenant:settings');
  const canReadSchedules = useCan('telephony:read');
  const schedules = useScheduleOptions(canReadSchedules);
  const create = useCreateSlaPolicy();
  const update = useUpdateSlaPolicy();
  const deletion = useDeleteConfirm<SlaPolicy>({
    mutation: useDeleteSlaPolicy(),
    onDeleted: (deleted) => {
      notifySuccess('SLA policy deleted', deleted.name);
      navigate('/helpdesk/sla-policies', { replace: true });
    },
  });
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(policy), validate: zodValidate(CreateSlaPolicyBody, toBody) });
  const formError = useFormError(form);
  const values = form.getValues();

  const scheduleOptions = (schedules.data?.data ?? []).map((s) => ({ value: s.id, label: `${s.name} · ${s.timezone}` }));
  if (values.schedule_id && !scheduleOptions.some((o) => o.value === values.schedule_id))
    scheduleOptions.push({ value: values.schedule_id, label: 'Current calendar' });
  const chosen = schedules.data?.data.find((s) => s.id === values.schedule_id);

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = CreateSlaPolicyBody.parse(toBody(v));
    try {
      if (policy) {
        const saved = await update.mutateAsync({ id: policy.id, body });
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess('SLA policy saved', saved.name);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('SLA policy created', saved.name);
        navigate(`/helpdesk/sla-policies/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader
        title={policy ? policy.name : 'New SLA policy'}
        description="How long the first reply and the resolution may take, per priority."
        actions={
          policy && canWrite ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(policy)}>
              Delete policy
            </Button>
          ) : null
        }
      />
      <form onSubmit={submit} noValidate data-testid="sla-policy-form">
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack maw={900}>
            <Card withBorder radius="md" padding="lg">
              <Stack>
                <TextInput label="Policy name" required data-autofocus {...form.getInputProps('name')} />
                <Switch
                  label="Default policy"
                  description="Applies to new tickets that no other policy is chosen for. Making this the default stops the previous one being it."
                  {...form.getInputProps('is_default', { type: 'checkbox' })}
                />
              </Stack>
            </Card>
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="sm">
                When the clocks run
              </Title>
              <Radio.Group {...form.getInputProps('clock')} aria-label="When the clocks run">
                <Stack gap="xs">
                  <Radio
                    value="business"
                    label="Business hours only"
                    description="Targets count only while the calendar is open (holidays and closures excluded)."
                  />
                  <Radio value="24x7" label="24/7" description="Targets count around the clock." />
                </Stack>
              </Radio.Group>
              {values.clock === 'business' ? (
                <Stack gap={4} mt="md">
                  <SelectField
                    label="Business-hours calendar"
                    placeholder={canReadSchedules ? 'Pick a calendar' : 'Needs access to schedules'}
                    data={scheduleOptions}
                    {...form.getInputProps('schedule_id')}
                  />
                  {chosen ? (
                    <Text size="xs" c="dimmed" data-testid="calendar-summary">
                      {weeklySummary(chosen.weekly)}
                      {chosen.holidays.length ? ` · ${chosen.holidays.length} holiday${chosen.holidays.length === 1 ? '' : 's'}` : ''}
                    </Text>
                  ) : null}
                  {canReadSchedules ? (
                    <Anchor component={Link} to={chosen ? `/telephony/schedules/${chosen.id}` : '/telephony/schedules'} size="sm">
                      {chosen ? `Edit the hours of ${chosen.name}` : 'Manage business-hours calendars'}
                    </Anchor>
                  ) : null}
                </Stack>
              ) : null}
            </Card>
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="sm">
                Targets
              </Title>
              <TargetsTable form={form} disabled={!canWrite} businessHours={values.clock === 'business'} />
            </Card>
            <EscalationCard form={form} />
            <FormErrorAlert error={formError.error} />
            {canWrite ? (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/helpdesk/sla-policies')}>
                  Back to SLA policies
                </Button>
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {policy ? 'Save policy' : 'Create policy'}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </fieldset>
      </form>
      <ConfirmDelete {...deletion.dialog} what={`the SLA policy "${policy?.name ?? ''}"`} />
    </Stack>
  );
}
