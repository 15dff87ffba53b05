import { ActionIcon, Alert, Button, Card, Grid, Group, NumberInput, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { CreateIvrMenuBody, IVR_DIGITS, type IvrMenu } from '@switchboard/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { DestinationPicker } from '../../../components/destination/DestinationPicker';
import { type DestinationValue, destinationToValue, emptyDestination, toDestination } from '../../../components/destination/destinationValue';
import { GreetingAudioField } from '../../../components/greeting/GreetingAudioField';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { blankToNull, normalizeField, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useCreateIvrMenu } from '../api/createIvrMenu';
import { useUpdateIvrMenu } from '../api/updateIvrMenu';
import { useDeleteIvrMenu } from '../api/deleteIvrMenu';
import { useIvrMenu } from '../api/getIvrMenu';
import { useIvrGraph } from '../api/getIvrMenus';
import { ivrKeys } from '../api/keys';
import { IvrTree, menuToTree, type TreeMenu } from './IvrTree';

type Num = number | string;

interface Values {
  name: string;
  greeting_text: string;
  options: { digit: string; destination: DestinationValue }[];
  timeout: DestinationValue;
  invalid: DestinationValue;
  timeout_seconds: Num;
  repeat_count: Num;
}

const toValues = (m: IvrMenu | null): Values => ({
  name: m?.name ?? '',
  greeting_text: m?.greeting_text ?? '',
  options: (m?.options ?? []).map((o) => ({ digit: o.digit, destination: destinationToValue(o.destination) })),
  timeout: destinationToValue(m?.timeout),
  invalid: destinationToValue(m?.invalid),
  timeout_seconds: m?.timeout_seconds ?? 5,
  repeat_count: m?.repeat_count ?? 2,
});

const toBody = (v: Values) => ({
  name: v.name,
  greeting_text: blankToNull(v.greeting_text),
  options: v.options.map((o) => ({ digit: o.digit, destination: toDestination(o.destination) })),
  timeout: toDestination(v.timeout),
  invalid: toDestination(v.invalid),
  timeout_seconds: v.timeout_seconds === '' ? undefined : Number(v.timeout_seconds),
  repeat_count: v.repeat_count === '' ? undefined : Number(v.repeat_count),
});

export function IvrEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const menu = useIvrMenu(id, !isNew);
  if (!isNew && menu.isPending) return <PageLoader />;
  if (!isNew && menu.isError) return <QueryError error={menu.error} onRetry={() => menu.refetch()} />;
  return <IvrEditor key={id} menu={isNew ? null : (menu.data ?? null)} />;
}

function IvrEditor({ menu }: { menu: IvrMenu | null }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canManage = useCan('telephony:manage');
  const create = useCreateIvrMenu();
  const update = useUpdateIvrMenu();
  const deletion = useDeleteConfirm<IvrMenu>({
    mutation: useDeleteIvrMenu(),
    onDeleted: (deleted) => {
      notifySuccess('Menu deleted', deleted.name);
      navigate('/telephony/ivr', { replace: true });
    },
  });
  const graph = useIvrGraph();
  const [current, setCurrent] = useState<IvrMenu | null>(menu);
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(menu), validate: zodValidate(CreateIvrMenuBody, toBody) });
  const formError = useFormError(form);
  const v = form.getValues();

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    const body = CreateIvrMenuBody.parse(toBody(values));
    try {
      if (menu) {
        const saved = await update.mutateAsync({ id: menu.id, body });
        setCurrent(saved);
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess('Menu saved', saved.name);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Menu created', saved.name);
        navigate(`/telephony/ivr/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
      // "No way out" names the menus a caller could never leave: the whole sentence matters, not only the field.
      if (isApiError(e) && e.fieldErrors.some((f) => normalizeField(f.field) === 'options')) formError.set(errorMessage(e));
    }
  });

  const usedDigits = new Set(v.options.map((o) => o.digit));
  const freeDigits = IVR_DIGITS.filter((d) => !usedDigits.has(d));

  // The tree follows the form as typed; other menus as saved.
  const root: TreeMenu = {
    id: menu?.id ?? 'new',
    name: v.name || 'This menu',
    options: v.options.map((o) => ({ digit: o.digit, destination: toDestination(o.destination) })),
    timeout: toDestination(v.timeout),
    invalid: toDestination(v.invalid),
  };
  const others = useMemo(() => new Map((graph.data ?? []).map((m) => [m.id, menuToTree(m)])), [graph.data]);
  const menus = new Map(others);
  menus.set(root.id, root);

  return (
    <Stack gap={0}>
      <PageHeader
        title={menu ? menu.name : 'New IVR menu'}
        description="A greeting, then each key the caller presses leads somewhere."
        actions={
          menu && canManage ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(menu)}>
              Delete menu
            </Button>
          ) : null
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form onSubmit={submit} noValidate data-testid="ivr-form">
            <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Greeting
                  </Title>
                  <Stack>
                    <TextInput label="Menu name" required data-autofocus {...form.getInputProps('name')} />
                    <Textarea
                      label="Greeting text"
                      description="Spoken by text-to-speech when no audio is uploaded"
                      placeholder="Welcome to Acme. For sales press 1, for support press 2."
                      autosize
                      minRows={2}
                      maxRows={6}
                      {...form.getInputProps('greeting_text')}
                    />
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <NumberInput
                        label="Seconds to wait for a key"
                        min={1}
                        max={60}
                        allowDecimal={false}
                        suffix=" s"
                        {...form.getInputProps('timeout_seconds')}
                      />
                      <NumberInput label="Times to play the greeting" min={1} max={10} allowDecimal={false} {...form.getInputProps('repeat_count')} />
                    </SimpleGrid>
                  </Stack>
                </Card>
                <Card withBorder radius="md" padding="lg" data-testid="ivr-options">
                  <Group justify="space-between" mb="md">
                    <Title order={4}>Keys</Title>
                    <Button
                      size="compact-sm"
                      variant="light"
                      leftSection={<IconPlus size={14} />}
                      disabled={freeDigits.length === 0}
                      onClick={() => form.insertListItem('options', { digit: freeDigits[0], destination: emptyDestination() })}
                    >
                      Add option
                    </Button>
                  </Group>
                  <Stack gap="sm">
                    {v.options.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        No keys yet: callers hear the greeting, then the no-key destination applies.
                      </Text>
                    ) : null}
                    {v.options.map((o, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                      <Group key={i} align="flex-start" gap="sm" wrap="nowrap">
                        <SelectField
                          label={`Option ${i + 1} key`}
                          w={120}
                          data={IVR_DIGITS.filter((d) => d === o.digit || !usedDigits.has(d)).map((d) => ({ value: d, label: d }))}
                          {...form.getInputProps(`options.${i}.digit`)}
                          onChange={(d) => d && form.setFieldValue(`options.${i}.digit`, d)}
                        />
                        <div style={{ flex: 1 }}>
                          <DestinationPicker form={form} path={`options.${i}.destination`} label={`Option ${i + 1}`} />
                        </div>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          mt={28}
                          aria-label={`Remove option ${i + 1}`}
                          onClick={() => form.removeListItem('options', i)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Group>
                    ))}
                    {form.errors.options && !formError.error ? (
                      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="options-error">
                        {form.errors.options}
                      </Alert>
                    ) : null}
                  </Stack>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    No key or a wrong key
                  </Title>
                  <Stack>
                    <DestinationPicker
                      form={form}
                      path="timeout"
                      label="No key pressed"
                      description="After the last repeat"
                      optional
                      noneLabel="None (hang up)"
                    />
                    <DestinationPicker
                      form={form}
                      path="invalid"
                      label="Wrong key pressed"
                      description="A key without an option"
                      optional
                      noneLabel="None (play the menu again)"
                    />
                  </Stack>
                </Card>
                <FormErrorAlert error={formError.error} onClose={formError.clear} />
                {canManage ? (
                  <Group justify="flex-end">
                    <Button variant="default" onClick={() => navigate('/telephony/ivr')}>
                      Back to menus
                    </Button>
                    <Button type="submit" loading={create.isPending || update.isPending}>
                      {menu ? 'Save menu' : 'Create menu'}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb={4}>
                Where the keys lead
              </Title>
              <Text size="xs" c="dimmed" mb="sm">
                A key that leads to another menu opens into that menu's keys; a menu already on the way is shown as a loop.
              </Text>
              {graph.isError ? <QueryError error={graph.error} onRetry={() => graph.refetch()} /> : null}
              <IvrTree root={root} menus={menus} />
            </Card>
            {current ? (
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb={4}>
                  Greeting audio
                </Title>
                <Text size="xs" c="dimmed" mb="sm">
                  Played instead of the greeting text when uploaded.
                </Text>
                <GreetingAudioField<IvrMenu>
                  base={`/telephony/ivr/${current.id}`}
                  greeting={current.greeting_audio}
                  disabled={!canManage}
                  label="Audio file"
                  onChanged={(m) => {
                    setCurrent(m);
                    qc.setQueryData(ivrKeys.detail(m.id), m);
                    qc.invalidateQueries({ queryKey: ivrKeys.all });
                  }}
                />
              </Card>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmDelete {...deletion.dialog} what={`the menu "${menu?.name ?? ''}"`} />
    </Stack>
  );
}
