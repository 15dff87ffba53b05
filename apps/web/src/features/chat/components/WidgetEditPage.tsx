import { Button, Card, Code, ColorInput, CopyButton, Grid, Group, NumberInput, SimpleGrid, Stack, Switch, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { CreateWidgetBody, type Widget } from '@switchboard/shared';
import { useNavigate, useParams } from 'react-router';
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
import { useCreateWidget } from '../api/createWidget';
import { useDeleteWidget } from '../api/deleteWidget';
import { useChatAgents } from '../api/getChatAgents';
import { useScheduleOptions } from '../api/getScheduleOptions';
import { useTeamOptions } from '../api/getTeamOptions';
import { useWidget } from '../api/getWidget';
import { useUpdateWidget } from '../api/updateWidget';
import { PrechatFieldsEditor } from './PrechatFieldsEditor';
import { LOCALE_OPTIONS, STRATEGY_OPTIONS, toBody, toFormValues, type WidgetFormValues } from './widgetForm';

export function WidgetEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const widget = useWidget(id, !isNew);
  if (!isNew && widget.isPending) return <PageLoader />;
  if (!isNew && widget.isError) return <QueryError error={widget.error} onRetry={() => widget.refetch()} />;
  return <WidgetEditor key={id} widget={isNew ? null : (widget.data ?? null)} />;
}

/** The embed snippet with a copy button. */
function Snippet({ widget }: { widget: Widget }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={4} mb={4}>
        Embed snippet
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Paste it into every page that should show the chat, just before <Code>{'</body>'}</Code>. Pages must be on an allowed domain.
      </Text>
      <Code block data-testid="embed-snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {widget.embed_snippet}
      </Code>
      <CopyButton value={widget.embed_snippet}>
        {({ copied, copy }) => (
          <Button mt="sm" size="xs" variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
            {copied ? 'Copied' : 'Copy snippet'}
          </Button>
        )}
      </CopyButton>
      <Text size="xs" c="dimmed" mt="sm">
        Widget key: <Code>{widget.key}</Code>
      </Text>
    </Card>
  );
}

function WidgetEditor({ widget }: { widget: Widget | null }) {
  const navigate = useNavigate();
  const canManage = useCan('chat:manage');
  const canTeams = useCan('users:read');
  const canSchedules = useCan('telephony:read');
  const create = useCreateWidget();
  const update = useUpdateWidget();
  const deletion = useDeleteConfirm<Widget>({
    mutation: useDeleteWidget(),
    onDeleted: (deleted) => {
      notifySuccess('Widget deleted', deleted.name);
      navigate('/chat/widgets', { replace: true });
    },
  });
  const teams = useTeamOptions(canTeams);
  const schedules = useScheduleOptions(canSchedules);
  const agents = useChatAgents();
  const form = useForm<WidgetFormValues>({ mode: 'controlled', initialValues: toFormValues(widget), validate: zodValidate(CreateWidgetBody, toBody) });
  const formError = useFormError(form);
  const v = form.getValues();

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    const body = toBody(values);
    try {
      if (widget) {
        const saved = await update.mutateAsync({ id: widget.id, body });
        form.setValues(toFormValues(saved));
        form.resetDirty(toFormValues(saved));
        notifySuccess('Widget saved', saved.name);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Widget created', `${saved.name}: copy the snippet into your website.`);
        navigate(`/chat/widgets/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  const teamOptions = (teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  const scheduleOptions = (schedules.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const agentOptions = (agents.data ?? []).map((a) => ({ value: a.user_id, label: a.name }));

  return (
    <Stack gap={0}>
      <PageHeader
        title={widget ? widget.name : 'New chat widget'}
        description="How the chat looks on your website, who answers it, when, and where it may run."
        actions={
          widget && canManage ? (
            <Button
              color="red"
              variant="light"
              leftSection={<IconTrash size={16} />}
              onClick={() => deletion.ask(widget)}
            >
              Delete widget
            </Button>
          ) : null
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <form onSubmit={submit} noValidate data-testid="widget-form">
            <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    General
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Widget name" description="Only shown in the console" required data-autofocus {...form.getInputProps('name')} />
                    <SelectField label="Language" description="Texts of the widget" data={LOCALE_OPTIONS} {...form.getInputProps('locale')} />
                    <Switch label="Widget on" description="Off: websites do not show it" {...form.getInputProps('enabled', { type: 'checkbox' })} />
                  </SimpleGrid>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Appearance
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Title" {...form.getInputProps('appearance.title')} />
                    <SelectField
                      label="Position"
                      data={[
                        { value: 'bottom-right', label: 'Bottom right' },
                        { value: 'bottom-left', label: 'Bottom left' },
                      ]}
                      {...form.getInputProps('appearance.position')}
                    />
                    <ColorInput label="Main color" format="hex" {...form.getInputProps('appearance.primary_color')} />
                    <ColorInput label="Text on main color" format="hex" {...form.getInputProps('appearance.text_color')} />
                    <TextInput label="Message placeholder" {...form.getInputProps('appearance.placeholder')} />
                    <TextInput label="Avatar URL" description="https:// picture in the header (optional)" {...form.getInputProps('appearance.avatar_url')} />
                  </SimpleGrid>
                  <Textarea mt="sm" label="Welcome message" description="First line of every conversation (optional)" autosize minRows={2} {...form.getInputProps('appearance.welcome_message')} />
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Behaviour
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
                    <Switch label="Typing indicator" {...form.getInputProps('behaviour.typing_indicator', { type: 'checkbox' })} />
                    <Switch label="Read receipts" {...form.getInputProps('behaviour.read_receipts', { type: 'checkbox' })} />
                    <Switch label="File upload" {...form.getInputProps('behaviour.file_upload', { type: 'checkbox' })} />
                    <Switch label="Emoji picker" {...form.getInputProps('behaviour.emoji', { type: 'checkbox' })} />
                    <Switch label="Require name" {...form.getInputProps('behaviour.require_name', { type: 'checkbox' })} />
                    <Switch label="Require email" {...form.getInputProps('behaviour.require_email', { type: 'checkbox' })} />
                  </SimpleGrid>
                  <PrechatFieldsEditor form={form} />
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Routing
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <SelectField label="Strategy" data={STRATEGY_OPTIONS} {...form.getInputProps('strategy')} />
                    <Switch mt="lg" label="Assign automatically" description="Off: agents take chats from the queue" {...form.getInputProps('auto_assign', { type: 'checkbox' })} />
                    <SelectField label="Default team" placeholder="Any agent" clearable data={teamOptions} disabled={!canTeams} {...form.getInputProps('default_team_id')} />
                    <SelectField label="Default agent" description="Gets every chat first when available" placeholder="None" clearable data={agentOptions} {...form.getInputProps('default_assignee_id')} />
                    <TagsInput
                      label="Required skills"
                      description="For the skills strategy"
                      placeholder="Type a skill and press Enter"
                      {...form.getInputProps('required_skills')}
                    />
                    <NumberInput
                      label="Offer timeout"
                      description="Seconds an agent has to accept (auto-accept off)"
                      min={5}
                      max={600}
                      allowDecimal={false}
                      suffix=" s"
                      {...form.getInputProps('offer_timeout_seconds')}
                    />
                  </SimpleGrid>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Business hours and offline message
                  </Title>
                  <SelectField
                    label="Business hours"
                    description="A schedule (Telephony → Schedules); outside it, visitors get the offline form"
                    placeholder="Always open"
                    clearable
                    data={scheduleOptions}
                    disabled={!canSchedules}
                    {...form.getInputProps('schedule_id')}
                  />
                  <Textarea
                    mt="sm"
                    label="Offline message"
                    description="Above the offline form when closed or nobody is online; the message becomes a ticket"
                    autosize
                    minRows={2}
                    {...form.getInputProps('offline_message')}
                  />
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Where it may run
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TagsInput
                      label="Allowed domains"
                      description="example.com, *.example.com (sub-domains), localhost:8080; empty = any website"
                      placeholder="Type a domain and press Enter"
                      {...form.getInputProps('allowed_domains')}
                    />
                    <TagsInput
                      label="Visitor IP allowlist"
                      description="Addresses or CIDR blocks; empty = everyone"
                      placeholder="203.0.113.0/24"
                      {...form.getInputProps('ip_allowlist')}
                    />
                  </SimpleGrid>
                  {v.allowed_domains.length === 0 ? (
                    <Text size="xs" c="dimmed" mt="xs">
                      Any website can show this widget. Add your domains to keep others from using it.
                    </Text>
                  ) : null}
                </Card>
                <FormErrorAlert error={formError.error} />
                {canManage ? (
                  <Group justify="flex-end">
                    <Button variant="default" onClick={() => navigate('/chat/widgets')}>
                      Back to widgets
                    </Button>
                    <Button type="submit" loading={create.isPending || update.isPending}>
                      {widget ? 'Save widget' : 'Create widget'}
                    </Button>
                  </Group>
                ) : null}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {widget ? (
            <Snippet widget={widget} />
          ) : (
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="xs">
                Embed snippet
              </Title>
              <Text size="sm" c="dimmed">
                Create the widget to get the snippet for your website.
              </Text>
            </Card>
          )}
        </Grid.Col>
      </Grid>
      <ConfirmDelete
        {...deletion.dialog}
        what={`the widget "${widget?.name ?? ''}"`}
        extra=" Websites embedding it stop showing the chat; past chats stay."
      />
    </Stack>
  );
}
