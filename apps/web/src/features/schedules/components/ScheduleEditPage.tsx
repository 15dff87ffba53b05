import { ActionIcon, Button, Card, Grid, Group, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { CreateScheduleBody, type Schedule, WEEKDAYS, type Weekday } from '@switchboard/shared';
import { useNavigate, useParams } from 'react-router';
import { timeZones } from '../../../components/tenant-settings/settingsForm';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCan, useMe } from '../../../lib/session';
import { browserTimeZone, isoToZonedInput, zonedInputToIso } from '../../../lib/zoned';
import { useCreateSchedule } from '../api/createSchedule';
import { useDeleteSchedule } from '../api/deleteSchedule';
import { useSchedule } from '../api/getSchedule';
import { useTenantTimeZone } from '../api/getTenantTimeZone';
import { useUpdateSchedule } from '../api/updateSchedule';
import { DAY_LABELS, weeklySummary } from '../../../components/schedule/weeklySummary';

interface Values {
  name: string;
  timezone: string;
  weekly: Record<Weekday, { start: string; end: string }[]>;
  holidays: { date: string; name: string; recurring: boolean }[];
  /** Wall-clock `YYYY-MM-DDTHH:MM` in the schedule's time zone. */
  closures: { starts_at: string; ends_at: string; reason: string }[];
}

const OFFICE_HOURS = { start: '09:00', end: '17:00' };

const toValues = (s: Schedule | null, fallbackTz: string): Values => {
  const tz = s?.timezone ?? fallbackTz;
  return {
    name: s?.name ?? '',
    timezone: tz,
    weekly: Object.fromEntries(
      WEEKDAYS.map((d) => [d, s ? s.weekly[d].map((i) => ({ ...i })) : ['sat', 'sun'].includes(d) ? [] : [{ ...OFFICE_HOURS }]]),
    ) as Values['weekly'],
    holidays: (s?.holidays ?? []).map((h) => ({ ...h })),
    closures: (s?.closures ?? []).map((c) => ({
      starts_at: isoToZonedInput(c.starts_at, tz),
      ends_at: isoToZonedInput(c.ends_at, tz),
      reason: c.reason ?? '',
    })),
  };
};

/** Closures are typed in the schedule's zone; an unreadable value is sent as typed so the server names the field. */
const toBody = (v: Values) => ({
  name: v.name,
  timezone: v.timezone,
  weekly: v.weekly,
  holidays: v.holidays,
  closures: v.closures.map((c) => ({
    starts_at: zonedInputToIso(c.starts_at, v.timezone) ?? c.starts_at,
    ends_at: zonedInputToIso(c.ends_at, v.timezone) ?? c.ends_at,
    reason: blankToNull(c.reason),
  })),
});

export function ScheduleEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const schedule = useSchedule(id, !isNew);
  const tenantTz = useTenantTimeZone(isNew);
  if (!isNew && schedule.isPending) return <PageLoader />;
  if (!isNew && schedule.isError) return <QueryError error={schedule.error} onRetry={() => schedule.refetch()} />;
  // A new schedule starts in the tenant's time zone (the browser's if that cannot be read).
  if (isNew && tenantTz.isPending) return <PageLoader />;
  return <ScheduleEditor key={id} schedule={isNew ? null : (schedule.data ?? null)} defaultTz={tenantTz.data ?? browserTimeZone()} />;
}

function ScheduleEditor({ schedule, defaultTz }: { schedule: Schedule | null; defaultTz: string }) {
  const navigate = useNavigate();
  const canManage = useCan('telephony:manage');
  const { data: me } = useMe();
  const create = useCreateSchedule();
  const update = useUpdateSchedule();
  const deletion = useDeleteConfirm<Schedule>({
    mutation: useDeleteSchedule(),
    onDeleted: (deleted) => {
      notifySuccess('Schedule deleted', deleted.name);
      navigate('/telephony/schedules', { replace: true });
    },
  });
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: toValues(schedule, defaultTz),
    validate: zodValidate(CreateScheduleBody, toBody),
  });
  const formError = useFormError(form);
  const values = form.getValues();
  const readOnly = !canManage;

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = toBody(v);
    try {
      if (schedule) {
        const saved = await update.mutateAsync({ id: schedule.id, body });
        form.setValues(toValues(saved, saved.timezone));
        form.resetDirty();
        notifySuccess('Schedule saved', saved.name);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Schedule created', saved.name);
        navigate(`/telephony/schedules/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader
        title={schedule ? schedule.name : 'New schedule'}
        description={schedule ? weeklySummary(schedule.weekly) : `Opening hours in a time zone${me?.tenant ? ` for ${me.tenant.name}` : ''}.`}
        actions={
          schedule && canManage ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(schedule)}>
              Delete schedule
            </Button>
          ) : null
        }
      />
      <form onSubmit={submit} noValidate data-testid="schedule-form">
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg">
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Schedule name" required data-autofocus {...form.getInputProps('name')} />
                    <SelectField
                      label="Time zone"
                      description="Hours, holidays and closures are read in it"
                      data={timeZones(values.timezone).map((z) => ({ value: z, label: z }))}
                      {...form.getInputProps('timezone')}
                      onChange={(v) => v && form.setFieldValue('timezone', v)}
                    />
                  </SimpleGrid>
                </Card>
                <Card withBorder radius="md" padding="lg" data-testid="weekly-hours">
                  <Title order={4} mb={4}>
                    Weekly hours
                  </Title>
                  <Text size="xs" c="dimmed" mb="sm">
                    Open intervals per day (HH:MM, end exclusive; 24:00 = midnight). A day without intervals is closed.
                  </Text>
                  <Stack gap="xs">
                    {WEEKDAYS.map((day) => (
                      <DayRow key={day} day={day} form={form} intervals={values.weekly[day]} />
                    ))}
                  </Stack>
                </Card>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg" data-testid="holidays">
                  <Group justify="space-between" mb={4}>
                    <Title order={4}>Holidays</Title>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconPlus size={14} />}
                      onClick={() => form.insertListItem('holidays', { date: '', name: '', recurring: true })}
                    >
                      Add holiday
                    </Button>
                  </Group>
                  <Text size="xs" c="dimmed" mb="sm">
                    Closed all day. A recurring holiday comes back every year on the same date.
                  </Text>
                  <Stack gap="xs">
                    {values.holidays.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No holidays.
                      </Text>
                    ) : null}
                    {values.holidays.map((_, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                      <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
                        <TextInput type="date" aria-label={`Holiday ${i + 1} date`} w={160} {...form.getInputProps(`holidays.${i}.date`)} />
                        <TextInput
                          aria-label={`Holiday ${i + 1} name`}
                          placeholder="Christmas Day"
                          style={{ flex: 1 }}
                          {...form.getInputProps(`holidays.${i}.name`)}
                        />
                        <Switch
                          mt={8}
                          label="Every year"
                          aria-label={`Holiday ${i + 1} recurs every year`}
                          {...form.getInputProps(`holidays.${i}.recurring`, { type: 'checkbox' })}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          mt={4}
                          aria-label={`Remove holiday ${i + 1}`}
                          onClick={() => form.removeListItem('holidays', i)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    ))}
                  </Stack>
                </Card>
                <Card withBorder radius="md" padding="lg" data-testid="closures">
                  <Group justify="space-between" mb={4}>
                    <Title order={4}>One-off closures</Title>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconPlus size={14} />}
                      onClick={() => form.insertListItem('closures', { starts_at: '', ends_at: '', reason: '' })}
                    >
                      Add closure
                    </Button>
                  </Group>
                  <Text size="xs" c="dimmed" mb="sm">
                    Closed from the start until the end, in {values.timezone}.
                  </Text>
                  <Stack gap="sm">
                    {values.closures.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No closures.
                      </Text>
                    ) : null}
                    {values.closures.map((_, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                      <Group key={i} align="flex-start" gap="xs" wrap="wrap">
                        <TextInput type="datetime-local" label={`Closure ${i + 1} from`} w={200} {...form.getInputProps(`closures.${i}.starts_at`)} />
                        <TextInput type="datetime-local" label={`Closure ${i + 1} until`} w={200} {...form.getInputProps(`closures.${i}.ends_at`)} />
                        <TextInput
                          label={`Closure ${i + 1} reason`}
                          placeholder="Office move"
                          style={{ flex: 1, minWidth: 160 }}
                          {...form.getInputProps(`closures.${i}.reason`)}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          mt={28}
                          aria-label={`Remove closure ${i + 1}`}
                          onClick={() => form.removeListItem('closures', i)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    ))}
                  </Stack>
                </Card>
              </Stack>
            </Grid.Col>
          </Grid>
          <Stack mt="md">
            <FormErrorAlert error={formError.error} />
            {canManage ? (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/telephony/schedules')}>
                  Back to schedules
                </Button>
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {schedule ? 'Save schedule' : 'Create schedule'}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </fieldset>
      </form>
      <ConfirmDelete {...deletion.dialog} what={`the schedule "${schedule?.name ?? ''}"`} />
    </Stack>
  );
}

function DayRow({ day, form, intervals }: { day: Weekday; form: UseFormReturnType<Values, Values, any>; intervals: { start: string; end: string }[] }) {
  const label = DAY_LABELS[day];
  const dayError = form.errors[`weekly.${day}`];
  return (
    <Group align="flex-start" wrap="nowrap" gap="sm">
      <Text size="sm" w={100} pt={6} fw={500}>
        {label}
      </Text>
      <Stack gap={6} style={{ flex: 1 }}>
        {intervals.length === 0 ? (
          <Text size="sm" c="dimmed" pt={6}>
            Closed
          </Text>
        ) : null}
        {intervals.map((_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: intervals are positional
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
            <TextInput aria-label={`${label} interval ${i + 1} opens`} placeholder="09:00" w={90} {...form.getInputProps(`weekly.${day}.${i}.start`)} />
            <Text pt={6}>–</Text>
            <TextInput aria-label={`${label} interval ${i + 1} closes`} placeholder="17:00" w={90} {...form.getInputProps(`weekly.${day}.${i}.end`)} />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label={`Remove ${label} interval ${i + 1}`}
              onClick={() => form.removeListItem(`weekly.${day}`, i)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {dayError ? (
          <Text size="xs" c="red">
            {dayError}
          </Text>
        ) : null}
      </Stack>
      <Button
        size="compact-sm"
        variant="subtle"
        leftSection={<IconPlus size={14} />}
        aria-label={`Add hours on ${label}`}
        onClick={() => {
          const last = intervals.at(-1);
          form.insertListItem(`weekly.${day}`, last ? { start: last.end, end: last.end < '18:00' ? '18:00' : '24:00' } : { ...OFFICE_HOURS });
        }}
      >
        Add
      </Button>
    </Group>
  );
}
