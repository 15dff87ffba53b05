import { Alert, Button, Card, Grid, Group, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowRight, IconInfoCircle, IconTrash } from '@tabler/icons-react';
import { CreateNumberBody, type PhoneNumber } from '@switchboard/shared';
import { Link, useNavigate, useParams } from 'react-router';
import { DestinationPicker } from '../../../components/destination/DestinationPicker';
import { type DestinationValue, destinationToValue, emptyDestination, toDestination } from '../../../components/destination/destinationValue';
import { weeklySummary } from '../../../components/schedule/weeklySummary';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { featureOn } from '../../../lib/permissions';
import { useCan, useMe } from '../../../lib/session';
import { useCreateNumber } from '../api/createNumber';
import { useDeleteNumber } from '../api/deleteNumber';
import { useNumber } from '../api/getNumber';
import { useScheduleOptions } from '../api/getScheduleOptions';
import { useTrunkOptions } from '../api/getTrunkOptions';
import { useUpdateNumber } from '../api/updateNumber';
import { STATUS_OPTIONS } from './numberOptions';
import { RouteCheck } from './RouteCheck';

interface Values {
  e164: string;
  status: PhoneNumber['status'];
  description: string;
  trunk_id: string;
  sms_enabled: boolean;
  sms_webhook_url: string;
  routing: { schedule_id: string; open: DestinationValue; closed: DestinationValue };
}

const toValues = (n: PhoneNumber | null): Values => ({
  e164: n?.e164 ?? '',
  status: n?.status ?? 'active',
  description: n?.description ?? '',
  trunk_id: n?.trunk_id ?? '',
  sms_enabled: n?.sms_enabled ?? false,
  sms_webhook_url: n?.sms_webhook_url ?? '',
  routing: {
    schedule_id: n?.routing.schedule_id ?? '',
    open: n ? destinationToValue(n.routing.open) : emptyDestination(),
    closed: destinationToValue(n?.routing.closed),
  },
});

/** The body; SMS fields only when the tenant has SMS (the server refuses to switch SMS on without it). */
const toBody = (v: Values, sms: boolean) => ({
  e164: v.e164,
  status: v.status,
  description: blankToNull(v.description),
  trunk_id: blankToNull(v.trunk_id),
  ...(sms ? { sms_enabled: v.sms_enabled, sms_webhook_url: blankToNull(v.sms_webhook_url) } : {}),
  routing: {
    schedule_id: blankToNull(v.routing.schedule_id),
    open: toDestination(v.routing.open),
    closed: v.routing.schedule_id ? toDestination(v.routing.closed) : null,
  },
});

export function NumberEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const number = useNumber(id, !isNew);
  if (!isNew && number.isPending) return <PageLoader />;
  if (!isNew && number.isError) return <QueryError error={number.error} onRetry={() => number.refetch()} />;
  return <NumberEditor key={id} number={isNew ? null : (number.data ?? null)} />;
}

function NumberEditor({ number }: { number: PhoneNumber | null }) {
  const navigate = useNavigate();
  const canManage = useCan('telephony:manage');
  const { data: me } = useMe();
  const sms = featureOn(me, 'sms');
  const create = useCreateNumber();
  const update = useUpdateNumber();
  const deletion = useDeleteConfirm<PhoneNumber>({
    mutation: useDeleteNumber(),
    onDeleted: (deleted) => {
      notifySuccess('Number deleted', deleted.e164);
      navigate('/telephony/numbers', { replace: true });
    },
  });
  const schedules = useScheduleOptions();
  const trunks = useTrunkOptions();
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(number), validate: zodValidate(CreateNumberBody, (v: Values) => toBody(v, sms)) });
  const formError = useFormError(form);
  const values = form.getValues();
  const schedule = schedules.data?.data.find((s) => s.id === values.routing.schedule_id);

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = CreateNumberBody.parse(toBody(v, sms));
    try {
      if (number) {
        const saved = await update.mutateAsync({ id: number.id, body });
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess('Number saved', saved.e164);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Number added', saved.e164);
        navigate(`/telephony/numbers/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  const scheduleData = [
    { value: '', label: 'Always open (no schedule)' },
    ...(schedules.data?.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.timezone})` })),
  ];
  const trunkData = [{ value: '', label: 'No trunk' }, ...(trunks.data?.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.host})` }))];

  return (
    <Stack gap={0}>
      <PageHeader
        title={number ? number.e164 : 'New phone number'}
        description={number?.description ?? 'A number (DID) of your organization and where its calls go.'}
        actions={
          number && canManage ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(number)}>
              Delete number
            </Button>
          ) : null
        }
      />
      <form onSubmit={submit} noValidate data-testid="number-form">
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="md">
                Number
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
                <TextInput
                  label="Phone number"
                  description="International format, e.g. +1 415 555 0100"
                  required
                  data-autofocus
                  {...form.getInputProps('e164')}
                />
                <SelectField label="Status" data={STATUS_OPTIONS} {...form.getInputProps('status')} />
                <SelectField
                  label="Trunk"
                  description="The SIP trunk its calls arrive on"
                  data={trunkData}
                  placeholder={trunks.isError ? 'Cannot load trunks' : undefined}
                  {...form.getInputProps('trunk_id')}
                  onChange={(v) => form.setFieldValue('trunk_id', v ?? '')}
                />
                <Textarea label="Description" autosize minRows={1} maxRows={3} {...form.getInputProps('description')} />
              </SimpleGrid>
              {sms ? (
                <Group mt="md" align="flex-end" gap="lg">
                  <Switch label="Accept SMS" {...form.getInputProps('sms_enabled', { type: 'checkbox' })} />
                  <TextInput
                    label="SMS webhook URL"
                    placeholder="https://example.com/sms"
                    style={{ flex: 1, minWidth: 260 }}
                    disabled={!values.sms_enabled}
                    {...form.getInputProps('sms_webhook_url')}
                  />
                </Group>
              ) : null}
            </Card>

            <Card withBorder radius="md" padding="lg" data-testid="routing-editor">
              <Title order={4} mb={4}>
                Routing
              </Title>
              <Text size="xs" c="dimmed" mb="md">
                While the schedule is open calls go to the first destination; while it is closed, on a holiday or during a closure, to the second.
              </Text>
              <Grid align="stretch">
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Card withBorder radius="md" h="100%" bg="var(--mantine-color-teal-light)">
                    <Title order={5} mb="xs">
                      When open
                    </Title>
                    <DestinationPicker form={form} path="routing.open" label="When open" />
                  </Card>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Card withBorder radius="md" h="100%">
                    <Group gap={6} mb="xs" wrap="nowrap">
                      <Title order={5}>Schedule</Title>
                      <IconArrowRight size={16} />
                    </Group>
                    <SelectField
                      label="Schedule"
                      data={scheduleData}
                      placeholder={schedules.isError ? 'Cannot load schedules' : undefined}
                      {...form.getInputProps('routing.schedule_id')}
                      onChange={(v) => form.setFieldValue('routing.schedule_id', v ?? '')}
                    />
                    <Text size="xs" c="dimmed" mt="xs" data-testid="schedule-summary">
                      {schedule ? (
                        <>
                          {weeklySummary(schedule.weekly)}
                          {schedule.holidays.length ? ` · ${schedule.holidays.length} holiday(s)` : ''}
                          {schedule.closures.length ? ` · ${schedule.closures.length} closure(s)` : ''}{' '}
                          <Link to={`/telephony/schedules/${schedule.id}`}>Open schedule</Link>
                        </>
                      ) : (
                        'Without a schedule the number is always open.'
                      )}
                    </Text>
                  </Card>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 4 }}>
                  <Card withBorder radius="md" h="100%" bg="var(--mantine-color-orange-light)">
                    <Title order={5} mb="xs">
                      When closed
                    </Title>
                    {values.routing.schedule_id ? (
                      <DestinationPicker form={form} path="routing.closed" label="When closed" optional noneLabel="None (hang up)" />
                    ) : (
                      <Text size="sm" c="dimmed">
                        Pick a schedule to route calls differently outside its hours.
                      </Text>
                    )}
                  </Card>
                </Grid.Col>
              </Grid>
            </Card>
            <FormErrorAlert error={formError.error} />
            {canManage ? (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/telephony/numbers')}>
                  Back to numbers
                </Button>
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {number ? 'Save number' : 'Add number'}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </fieldset>
      </form>
      {number ? (
        <Card withBorder radius="md" padding="lg" mt="md">
          <Title order={4} mb={4}>
            Where does a call go?
          </Title>
          {form.isDirty() ? (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} mb="sm">
              The check uses the saved routing; save your changes first.
            </Alert>
          ) : null}
          <RouteCheck numberId={number.id} timezone={schedule?.timezone ?? null} />
        </Card>
      ) : null}
      <ConfirmDelete {...deletion.dialog} what={`the number ${number?.e164 ?? ''}`} />
    </Stack>
  );
}
