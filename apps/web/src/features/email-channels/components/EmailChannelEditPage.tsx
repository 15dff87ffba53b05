import { Button, Card, Checkbox, Grid, Group, NumberInput, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { CreateEmailChannelBody, type EmailChannel } from '@switchboard/shared';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateEmailChannel } from '../api/createEmailChannel';
import { useDeleteEmailChannel } from '../api/deleteEmailChannel';
import { useEmailChannel } from '../api/getEmailChannel';
import { useUpdateEmailChannel } from '../api/updateEmailChannel';
import { ChannelChecks } from './ChannelChecks';
import { InboundTokenModal } from './InboundTokenModal';

interface Values {
  name: string;
  address: string;
  from_name: string;
  enabled: boolean;
  imap_host: string;
  imap_port: number | '';
  imap_tls: boolean;
  imap_user: string;
  imap_password: string;
  clear_password: boolean;
  imap_mailbox: string;
}

const toValues = (c: EmailChannel | null): Values => ({
  name: c?.name ?? '',
  address: c?.address ?? '',
  from_name: c?.from_name ?? '',
  enabled: c?.enabled ?? true,
  imap_host: c?.imap_host ?? '',
  imap_port: c?.imap_port ?? '',
  imap_tls: c?.imap_tls ?? true,
  imap_user: c?.imap_user ?? '',
  imap_password: '',
  clear_password: false,
  imap_mailbox: c?.imap_mailbox ?? 'INBOX',
});

/** A blank password keeps the stored one (or sets none); "clear" removes it. */
const toBody = (v: Values) => ({
  name: v.name,
  address: v.address,
  from_name: blankToNull(v.from_name),
  enabled: v.enabled,
  imap_host: blankToNull(v.imap_host),
  imap_port: v.imap_port === '' ? null : Number(v.imap_port),
  imap_tls: v.imap_tls,
  imap_user: blankToNull(v.imap_user),
  imap_mailbox: v.imap_mailbox.trim() || 'INBOX',
  ...(v.clear_password ? { imap_password: null } : v.imap_password ? { imap_password: v.imap_password } : {}),
});

export function EmailChannelEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const channel = useEmailChannel(id, !isNew);
  if (!isNew && channel.isPending) return <PageLoader />;
  if (!isNew && channel.isError) return <QueryError error={channel.error} onRetry={() => channel.refetch()} />;
  return <ChannelEditor key={id} channel={isNew ? null : (channel.data ?? null)} />;
}

function ChannelEditor({ channel }: { channel: EmailChannel | null }) {
  const navigate = useNavigate();
  const create = useCreateEmailChannel();
  const update = useUpdateEmailChannel();
  const deletion = useDeleteConfirm<EmailChannel>({
    mutation: useDeleteEmailChannel(),
    onDeleted: (deleted) => {
      notifySuccess('Email channel deleted', deleted.address);
      navigate('/helpdesk/email-channels', { replace: true });
    },
  });
  const [created, setCreated] = useState<{ id: string; token: string; url: string } | null>(null);
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(channel), validate: zodValidate(CreateEmailChannelBody, toBody) });
  const formError = useFormError(form);
  const values = form.getValues();

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    const body = CreateEmailChannelBody.parse(toBody(v));
    try {
      if (channel) {
        const saved = await update.mutateAsync({ id: channel.id, body });
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess('Email channel saved', saved.address);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Email channel created', saved.address);
        setCreated({ id: saved.id, token: saved.inbound_token, url: saved.inbound_url });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader
        title={channel ? channel.name : 'New email channel'}
        description={channel ? channel.address : 'A support address of your organisation.'}
        actions={
          channel ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(channel)}>
              Delete channel
            </Button>
          ) : null
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <form onSubmit={submit} noValidate data-testid="email-channel-form">
            <Stack>
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb="md">
                  Address
                </Title>
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Channel name" required data-autofocus {...form.getInputProps('name')} />
                    <TextInput label="Support address" type="email" required placeholder="support@example.com" {...form.getInputProps('address')} />
                  </SimpleGrid>
                  <TextInput label="Sender name" description="Shown as the sender of replies; empty: the channel name" {...form.getInputProps('from_name')} />
                  <Switch
                    label="Enabled"
                    description="Off: nothing is read or accepted, and no email is sent from it."
                    {...form.getInputProps('enabled', { type: 'checkbox' })}
                  />
                </Stack>
              </Card>
              <Card withBorder radius="md" padding="lg">
                <Title order={4} mb={4}>
                  IMAP mailbox
                </Title>
                <Text size="xs" c="dimmed" mb="md">
                  Optional: leave the server empty if your mail server posts messages to the inbound address instead.
                </Text>
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <TextInput label="IMAP server" placeholder="imap.example.com" {...form.getInputProps('imap_host')} />
                    <NumberInput
                      label="Port"
                      placeholder={values.imap_tls ? '993' : '143'}
                      min={1}
                      max={65535}
                      allowDecimal={false}
                      {...form.getInputProps('imap_port')}
                    />
                    <TextInput label="Mailbox" {...form.getInputProps('imap_mailbox')} />
                  </SimpleGrid>
                  <Switch label="TLS from the start (IMAPS)" {...form.getInputProps('imap_tls', { type: 'checkbox' })} />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="IMAP user" autoComplete="off" {...form.getInputProps('imap_user')} />
                    <PasswordInput
                      label="IMAP password"
                      autoComplete="new-password"
                      description={channel?.imap_password_set ? 'A password is stored; leave empty to keep it.' : 'Stored encrypted, never shown again.'}
                      disabled={values.clear_password}
                      {...form.getInputProps('imap_password')}
                    />
                  </SimpleGrid>
                  {channel?.imap_password_set ? (
                    <Checkbox label="Remove the stored password" {...form.getInputProps('clear_password', { type: 'checkbox' })} />
                  ) : null}
                </Stack>
              </Card>
              <FormErrorAlert error={formError.error} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/helpdesk/email-channels')}>
                  Back to email channels
                </Button>
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {channel ? 'Save channel' : 'Create channel'}
                </Button>
              </Group>
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          {channel ? (
            <ChannelChecks channel={channel} />
          ) : (
            <Card withBorder radius="md" padding="lg">
              <Text size="sm" c="dimmed">
                After creating the channel you get its inbound address and token, and can test the mailbox.
              </Text>
            </Card>
          )}
        </Grid.Col>
      </Grid>
      <InboundTokenModal
        token={created?.token ?? null}
        url={created?.url ?? ''}
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) navigate(`/helpdesk/email-channels/${id}`, { replace: true });
        }}
      />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the email channel ${channel?.address ?? ''}`}
        extra={
          <Text size="sm" c="dimmed" mt="xs">
            Tickets it created stay; replies to them are no longer emailed from this address.
          </Text>
        }
      />
    </Stack>
  );
}
