import { Button, Card, Code, Grid, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { CreateQueueBody, type Queue } from '@switchboard/shared';
import { useNavigate, useParams } from 'react-router';
import { DestinationPicker } from '../../../components/destination/DestinationPicker';
import { type DestinationValue, destinationToValue, toDestination } from '../../../components/destination/destinationValue';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useCreateQueue } from '../api/createQueue';
import { useDeleteQueue } from '../api/deleteQueue';
import { useQueue } from '../api/getQueue';
import { useUpdateQueue } from '../api/updateQueue';
import { QueueMembers } from './QueueMembers';
import { JOIN_OPTIONS, LEAVE_OPTIONS, POSITION_OPTIONS, STRATEGY_OPTIONS } from './queueOptions';

type Num = number | string;

interface Values {
  name: string;
  strategy: Queue['strategy'];
  ring_timeout: Num;
  retry: Num;
  wrapup_time: Num;
  max_length: Num;
  max_wait: Num;
  overflow: DestinationValue;
  join_empty: Queue['join_empty'];
  leave_when_empty: Queue['leave_when_empty'];
  announce_frequency: Num;
  announce_position: Queue['announce_position'];
  announce_position_limit: Num;
  music_on_hold: string;
  service_level: Num;
}

/** The server's defaults, shown on a new queue. */
const DEFAULTS: Values = {
  name: '',
  strategy: 'ringall',
  ring_timeout: 15,
  retry: 5,
  wrapup_time: 0,
  max_length: 0,
  max_wait: '',
  overflow: destinationToValue(null),
  join_empty: 'yes',
  leave_when_empty: 'no',
  announce_frequency: 0,
  announce_position: 'no',
  announce_position_limit: 5,
  music_on_hold: 'default',
  service_level: 20,
};

const toValues = (q: Queue | null): Values =>
  q
    ? {
        name: q.name,
        strategy: q.strategy,
        ring_timeout: q.ring_timeout,
        retry: q.retry,
        wrapup_time: q.wrapup_time,
        max_length: q.max_length,
        max_wait: q.max_wait ?? '',
        overflow: destinationToValue(q.overflow),
        join_empty: q.join_empty,
        leave_when_empty: q.leave_when_empty,
        announce_frequency: q.announce_frequency,
        announce_position: q.announce_position,
        announce_position_limit: q.announce_position_limit,
        music_on_hold: q.music_on_hold,
        service_level: q.service_level,
      }
    : DEFAULTS;

const num = (v: Num) => (v === '' ? undefined : Number(v));

const toBody = (v: Values) => ({
  name: v.name,
  strategy: v.strategy,
  ring_timeout: num(v.ring_timeout),
  retry: num(v.retry),
  wrapup_time: num(v.wrapup_time),
  max_length: num(v.max_length),
  max_wait: v.max_wait === '' ? null : Number(v.max_wait),
  overflow: toDestination(v.overflow),
  join_empty: v.join_empty,
  leave_when_empty: v.leave_when_empty,
  announce_frequency: num(v.announce_frequency),
  announce_position: v.announce_position,
  announce_position_limit: num(v.announce_position_limit),
  music_on_hold: v.music_on_hold.trim(),
  service_level: num(v.service_level),
});

export function QueueEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const queue = useQueue(id, !isNew);
  if (!isNew && queue.isPending) return <PageLoader />;
  if (!isNew && queue.isError) return <QueryError error={queue.error} onRetry={() => queue.refetch()} />;
  return <QueueEditor key={id} queue={isNew ? null : (queue.data ?? null)} />;
}

function QueueEditor({ queue }: { queue: Queue | null }) {
  const navigate = useNavigate();
  const canManage = useCan('queues:manage');
  const create = useCreateQueue();
  const update = useUpdateQueue();
  const deletion = useDeleteConfirm<Queue>({
    mutation: useDeleteQueue(),
    onDeleted: (deleted) => {
      notifySuccess('Queue deleted', deleted.name);
      navigate('/telephony/queues', { replace: true });
    },
  });
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(queue), validate: zodValidate(CreateQueueBody, toBody) });
  const formError = useFormError(form);
  const values = form.getValues();

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = CreateQueueBody.parse(toBody(v));
    try {
      if (queue) {
        const saved = await update.mutateAsync({ id: queue.id, body });
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess('Queue saved', saved.name);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Queue created', `${saved.name} — now add its members.`);
        navigate(`/telephony/queues/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  const seconds = { min: 0, allowDecimal: false, allowNegative: false, suffix: ' s' } as const;

  return (
    <Stack gap={0}>
      <PageHeader
        title={queue ? queue.name : 'New queue'}
        description={
          queue ? (
            <>
              Asterisk queue <Code>{queue.asterisk_name}</Code>
            </>
          ) : (
            'Callers wait here until a member answers.'
          )
        }
        actions={
          queue && canManage ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(queue)}>
              Delete queue
            </Button>
          ) : null
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form onSubmit={submit} noValidate data-testid="queue-form">
            <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    General
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Queue name" required data-autofocus {...form.getInputProps('name')} />
                    <SelectField label="Ring strategy" data={STRATEGY_OPTIONS} {...form.getInputProps('strategy')} />
                    <TextInput label="Music on hold" description="Asterisk music-on-hold class" {...form.getInputProps('music_on_hold')} />
                    <NumberInput
                      label="Service level"
                      description="Answered within this counts as in service"
                      {...seconds}
                      {...form.getInputProps('service_level')}
                    />
                  </SimpleGrid>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Ringing
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                    <NumberInput label="Ring timeout" description="Per member attempt" {...seconds} min={1} {...form.getInputProps('ring_timeout')} />
                    <NumberInput label="Retry after" description="Pause between rounds" {...seconds} {...form.getInputProps('retry')} />
                    <NumberInput label="Wrap-up time" description="Rest after a call" {...seconds} {...form.getInputProps('wrapup_time')} />
                    <NumberInput
                      label="Max callers"
                      description="0 = no limit"
                      min={0}
                      allowDecimal={false}
                      allowNegative={false}
                      {...form.getInputProps('max_length')}
                    />
                  </SimpleGrid>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb={4}>
                    Waiting too long, queue full or empty
                  </Title>
                  <Text size="xs" c="dimmed" mb="md">
                    After the max wait (or when the queue is full, or callers may not join or must leave because nobody can answer) the caller goes to the
                    overflow destination.
                  </Text>
                  <Stack>
                    <SimpleGrid cols={{ base: 1, sm: 3 }}>
                      <NumberInput
                        label="Max wait"
                        description="Empty = no limit"
                        {...seconds}
                        min={1}
                        placeholder="No limit"
                        {...form.getInputProps('max_wait')}
                      />
                      <SelectField label="Join when empty" data={JOIN_OPTIONS} {...form.getInputProps('join_empty')} />
                      <SelectField label="Leave when empty" data={LEAVE_OPTIONS} {...form.getInputProps('leave_when_empty')} />
                    </SimpleGrid>
                    <DestinationPicker form={form} path="overflow" label="Overflow" optional noneLabel="None (hang up)" />
                  </Stack>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Announcements
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <NumberInput label="Announce every" description="0 = never" {...seconds} {...form.getInputProps('announce_frequency')} />
                    <SelectField label="Tell callers their position" data={POSITION_OPTIONS} {...form.getInputProps('announce_position')} />
                    <NumberInput
                      label="Position threshold (N)"
                      min={0}
                      allowDecimal={false}
                      allowNegative={false}
                      disabled={values.announce_position !== 'more' && values.announce_position !== 'limit'}
                      {...form.getInputProps('announce_position_limit')}
                    />
                  </SimpleGrid>
                </Card>
                <FormErrorAlert error={formError.error} />
                {canManage ? (
                  <Group justify="flex-end">
                    <Button variant="default" onClick={() => navigate('/telephony/queues')}>
                      Back to queues
                    </Button>
                    <Button type="submit" loading={create.isPending || update.isPending}>
                      {queue ? 'Save queue' : 'Create queue'}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          {queue ? (
            <QueueMembers queue={queue} canManage={canManage} />
          ) : (
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="xs">
                Members
              </Title>
              <Text size="sm" c="dimmed">
                Create the queue first, then add its members.
              </Text>
            </Card>
          )}
        </Grid.Col>
      </Grid>
      <ConfirmDelete {...deletion.dialog} what={`the queue "${queue?.name ?? ''}"`} />
    </Stack>
  );
}
