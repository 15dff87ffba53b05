import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Code,
  Grid,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle, IconPlus, IconTrash, IconWand } from '@tabler/icons-react';
import { type Codec, CreateTrunkBody, DEFAULT_TRUNK_CODECS, type Trunk } from '@switchboard/shared';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { formatDateTime } from '../../../lib/format';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useCreateTrunk } from '../api/createTrunk';
import { useDeleteTrunk } from '../api/deleteTrunk';
import { useTrunk } from '../api/getTrunk';
import { useUpdateTrunk } from '../api/updateTrunk';
import { CodecsField } from './CodecsField';
import { DTMF_OPTIONS, generateSecret, TRANSPORT_OPTIONS } from './trunkOptions';
import { TrunkStatusBadge } from './TrunkStatusBadge';

type Num = number | string;

interface Values {
  name: string;
  host: string;
  port: Num;
  transport: Trunk['transport'];
  register: boolean;
  registration_expiration: Num;
  /** `enabled` is the form's own switch; the body sends the credentials or null. */
  outbound_auth: { enabled: boolean; username: string; secret: string };
  inbound_auth: Trunk['inbound_auth'];
  inbound_ips: string[];
  inbound_secret: string;
  from_user: string;
  from_domain: string;
  codecs: Codec[];
  dtmf_mode: Trunk['dtmf_mode'];
  rtp_symmetric: boolean;
  force_rport: boolean;
  rewrite_contact: boolean;
  direct_media: boolean;
  caller_id_number: string;
  max_channels: Num;
}

const toValues = (t: Trunk | null): Values => ({
  name: t?.name ?? '',
  host: t?.host ?? '',
  port: t?.port ?? 5060,
  transport: t?.transport ?? 'udp',
  register: t?.register ?? false,
  registration_expiration: t?.registration_expiration ?? 3600,
  outbound_auth: { enabled: Boolean(t?.outbound_auth), username: t?.outbound_auth?.username ?? '', secret: '' },
  inbound_auth: t?.inbound_auth ?? 'ip',
  inbound_ips: t ? [...t.inbound_ips] : [''],
  inbound_secret: '',
  from_user: t?.from_user ?? '',
  from_domain: t?.from_domain ?? '',
  codecs: t ? [...t.codecs] : [...DEFAULT_TRUNK_CODECS],
  dtmf_mode: t?.dtmf_mode ?? 'rfc4733',
  rtp_symmetric: t?.rtp_symmetric ?? true,
  force_rport: t?.force_rport ?? true,
  rewrite_contact: t?.rewrite_contact ?? true,
  direct_media: t?.direct_media ?? false,
  caller_id_number: t?.caller_id_number ?? '',
  max_channels: t?.max_channels ?? '',
});

/** Secrets are write-only: an empty one is left out, and the server keeps what it has. */
const toBody = (v: Values) => ({
  name: v.name,
  host: v.host,
  port: v.port === '' ? undefined : Number(v.port),
  transport: v.transport,
  register: v.register,
  registration_expiration: v.registration_expiration === '' ? undefined : Number(v.registration_expiration),
  outbound_auth: v.outbound_auth.enabled ? { username: v.outbound_auth.username, ...(v.outbound_auth.secret ? { secret: v.outbound_auth.secret } : {}) } : null,
  inbound_auth: v.inbound_auth,
  inbound_ips: v.inbound_auth === 'ip' ? v.inbound_ips : [],
  ...(v.inbound_auth === 'credentials' && v.inbound_secret ? { inbound_secret: v.inbound_secret } : {}),
  from_user: blankToNull(v.from_user),
  from_domain: blankToNull(v.from_domain),
  codecs: v.codecs,
  dtmf_mode: v.dtmf_mode,
  rtp_symmetric: v.rtp_symmetric,
  force_rport: v.force_rport,
  rewrite_contact: v.rewrite_contact,
  direct_media: v.direct_media,
  caller_id_number: blankToNull(v.caller_id_number),
  max_channels: v.max_channels === '' ? null : Number(v.max_channels),
});

export function TrunkEditPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const trunk = useTrunk(id, !isNew);
  if (!isNew && trunk.isPending) return <PageLoader />;
  if (!isNew && trunk.isError) return <QueryError error={trunk.error} onRetry={() => trunk.refetch()} />;
  return <TrunkEditor key={id} trunk={isNew ? null : (trunk.data ?? null)} />;
}

function TrunkEditor({ trunk }: { trunk: Trunk | null }) {
  const navigate = useNavigate();
  const canManage = useCan('telephony:manage');
  const create = useCreateTrunk();
  const update = useUpdateTrunk();
  const deletion = useDeleteConfirm<Trunk>({
    mutation: useDeleteTrunk(),
    onDeleted: (deleted) => {
      notifySuccess('Trunk deleted', deleted.name);
      navigate('/telephony/trunks', { replace: true });
    },
  });
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(trunk), validate: zodValidate(CreateTrunkBody, toBody) });
  const formError = useFormError(form);
  const v = form.getValues();

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    const body = CreateTrunkBody.parse(toBody(values));
    try {
      if (trunk) {
        const saved = await update.mutateAsync({ id: trunk.id, body });
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess('Trunk saved', saved.name);
      } else {
        const saved = await create.mutateAsync(body);
        notifySuccess('Trunk created', saved.name);
        navigate(`/telephony/trunks/${saved.id}`, { replace: true });
      }
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Stack gap={0}>
      <PageHeader
        title={trunk ? trunk.name : 'New SIP trunk'}
        description={
          trunk ? (
            <Group gap={6} component="span">
              Asterisk endpoint <Code>{trunk.endpoint}</Code>
              <TrunkStatusBadge status={trunk.status} />
              <Text span size="xs" c="dimmed">
                updated {formatDateTime(trunk.updated_at)}
              </Text>
            </Group>
          ) : (
            'A connection to a carrier.'
          )
        }
        actions={
          trunk && canManage ? (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => deletion.ask(trunk)}>
              Delete trunk
            </Button>
          ) : null
        }
      />
      <form onSubmit={submit} noValidate data-testid="trunk-form">
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Grid>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Carrier
                  </Title>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label="Trunk name" required data-autofocus description="Names its Asterisk objects" {...form.getInputProps('name')} />
                    <TextInput label="Host" required placeholder="sip.carrier.example" description="Host name or IP address" {...form.getInputProps('host')} />
                    <SelectField
                      label="Transport"
                      data={TRANSPORT_OPTIONS}
                      {...form.getInputProps('transport')}
                      onChange={(t) => {
                        if (!t) return;
                        form.setFieldValue('transport', t as Trunk['transport']);
                        // Follow the usual port of the transport unless one was typed.
                        if (t === 'tls' && Number(v.port) === 5060) form.setFieldValue('port', 5061);
                        if (t !== 'tls' && Number(v.port) === 5061) form.setFieldValue('port', 5060);
                      }}
                    />
                    <NumberInput label="Port" min={1} max={65535} allowDecimal={false} allowNegative={false} {...form.getInputProps('port')} />
                  </SimpleGrid>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Outbound: what we present to the carrier
                  </Title>
                  <Stack>
                    <Switch
                      label="Authenticate with credentials"
                      description="Off when the carrier recognises us by IP address"
                      {...form.getInputProps('outbound_auth.enabled', { type: 'checkbox' })}
                    />
                    {v.outbound_auth.enabled ? (
                      <SimpleGrid cols={{ base: 1, sm: 2 }}>
                        <TextInput label="Carrier user name" autoComplete="off" {...form.getInputProps('outbound_auth.username')} />
                        <PasswordInput
                          label="Carrier password"
                          autoComplete="new-password"
                          description={trunk?.outbound_auth?.has_secret ? 'Stored; leave empty to keep it' : undefined}
                          {...form.getInputProps('outbound_auth.secret')}
                        />
                      </SimpleGrid>
                    ) : null}
                    <Group align="flex-end" gap="lg">
                      <Switch label="Register with the carrier" disabled={!v.outbound_auth.enabled} {...form.getInputProps('register', { type: 'checkbox' })} />
                      <NumberInput
                        label="Registration expiry"
                        suffix=" s"
                        min={60}
                        max={86400}
                        allowDecimal={false}
                        disabled={!v.register}
                        w={180}
                        {...form.getInputProps('registration_expiration')}
                      />
                    </Group>
                    {v.register && !v.outbound_auth.enabled ? (
                      <Text size="xs" c="red">
                        Registering needs credentials.
                      </Text>
                    ) : null}
                    {trunk?.register && !trunk.registration_configured ? (
                      <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />}>
                        The registration is not in Asterisk's table yet.
                      </Alert>
                    ) : null}
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <TextInput label="From user" placeholder="Empty: the caller's number" {...form.getInputProps('from_user')} />
                      <TextInput label="From domain" placeholder="Empty: our address" {...form.getInputProps('from_domain')} />
                      <TextInput label="Caller ID number" placeholder="+14155550100" {...form.getInputProps('caller_id_number')} />
                      <NumberInput
                        label="Max channels"
                        description="Simultaneous calls; empty = no limit"
                        min={1}
                        allowDecimal={false}
                        allowNegative={false}
                        placeholder="No limit"
                        {...form.getInputProps('max_channels')}
                      />
                    </SimpleGrid>
                  </Stack>
                </Card>
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack>
                <Card withBorder radius="md" padding="lg" data-testid="inbound-auth">
                  <Title order={4} mb="md">
                    Inbound: how we recognise the carrier
                  </Title>
                  <Stack>
                    <SegmentedControl
                      aria-label="Inbound authentication"
                      data={[
                        { value: 'ip', label: 'By source IP / CIDR' },
                        { value: 'credentials', label: 'By credentials' },
                      ]}
                      {...form.getInputProps('inbound_auth')}
                    />
                    {v.inbound_auth === 'ip' ? (
                      <Stack gap="xs">
                        {v.inbound_ips.map((_, i) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                          <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                            <TextInput
                              aria-label={`Carrier address ${i + 1}`}
                              placeholder="203.0.113.10 or 203.0.113.0/24"
                              style={{ flex: 1 }}
                              {...form.getInputProps(`inbound_ips.${i}`)}
                            />
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              mt={4}
                              aria-label={`Remove address ${i + 1}`}
                              onClick={() => form.removeListItem('inbound_ips', i)}
                            >
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Group>
                        ))}
                        {form.errors.inbound_ips ? (
                          <Text size="xs" c="red">
                            {form.errors.inbound_ips}
                          </Text>
                        ) : null}
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          leftSection={<IconPlus size={14} />}
                          w="fit-content"
                          disabled={v.inbound_ips.length >= 20}
                          onClick={() => form.insertListItem('inbound_ips', '')}
                        >
                          Add address
                        </Button>
                      </Stack>
                    ) : (
                      <SimpleGrid cols={{ base: 1, sm: 2 }}>
                        <TextInput
                          label="Inbound user name"
                          readOnly
                          value={trunk?.inbound_username ?? trunk?.endpoint ?? 'Given after saving'}
                          description="The carrier authenticates as this"
                        />
                        <PasswordInput
                          label="Inbound password"
                          autoComplete="new-password"
                          description={trunk?.has_inbound_secret ? 'Stored; leave empty to keep it' : 'At least 12 characters'}
                          {...form.getInputProps('inbound_secret')}
                        />
                        <Button
                          variant="light"
                          size="compact-sm"
                          w="fit-content"
                          leftSection={<IconWand size={14} />}
                          onClick={() => form.setFieldValue('inbound_secret', generateSecret())}
                        >
                          Generate a password
                        </Button>
                      </SimpleGrid>
                    )}
                  </Stack>
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={4} mb="md">
                    Media
                  </Title>
                  <Stack>
                    <CodecsField value={v.codecs} onChange={(c) => form.setFieldValue('codecs', c)} error={form.errors.codecs as string | undefined} />
                    <SelectField label="DTMF mode" data={DTMF_OPTIONS} {...form.getInputProps('dtmf_mode')} />
                    <Text size="sm" fw={500} mt="xs">
                      NAT
                    </Text>
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <Switch label="Symmetric RTP" description="rtp_symmetric" {...form.getInputProps('rtp_symmetric', { type: 'checkbox' })} />
                      <Switch label="Force rport" description="force_rport" {...form.getInputProps('force_rport', { type: 'checkbox' })} />
                      <Switch label="Rewrite contact" description="rewrite_contact" {...form.getInputProps('rewrite_contact', { type: 'checkbox' })} />
                      <Switch label="Direct media" description="direct_media" {...form.getInputProps('direct_media', { type: 'checkbox' })} />
                    </SimpleGrid>
                  </Stack>
                </Card>
              </Stack>
            </Grid.Col>
          </Grid>
          <Stack mt="md">
            <FormErrorAlert error={formError.error} />
            {canManage ? (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/telephony/trunks')}>
                  Back to trunks
                </Button>
                <Button type="submit" loading={create.isPending || update.isPending}>
                  {trunk ? 'Save trunk' : 'Create trunk'}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </fieldset>
      </form>
      <ConfirmDelete {...deletion.dialog} what={`the trunk "${trunk?.name ?? ''}"`} />
    </Stack>
  );
}
