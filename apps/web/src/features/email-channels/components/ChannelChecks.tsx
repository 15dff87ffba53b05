import { Alert, Button, Card, Code, CopyButton, Group, Stack, Text, Title } from '@mantine/core';
import type { EmailChannel } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';
import { notifyError } from '../../../lib/notices';
import { type PollResult, usePollEmailChannel } from '../api/pollEmailChannel';
import { useRotateInboundToken } from '../api/rotateInboundToken';
import { type ChannelTestResult, useTestEmailChannel } from '../api/testEmailChannel';
import { InboundTokenModal } from './InboundTokenModal';

/** How mail gets in: the inbound HTTP address and its token, and the IMAP mailbox with test and read-now. */
export function ChannelChecks({ channel }: { channel: EmailChannel }) {
  const test = useTestEmailChannel();
  const poll = usePollEmailChannel();
  const rotate = useRotateInboundToken();
  const [tested, setTested] = useState<ChannelTestResult | null>(null);
  const [polled, setPolled] = useState<PollResult | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);

  return (
    <Stack>
      <Card withBorder radius="md" padding="lg">
        <Title order={4} mb="xs">
          Inbound HTTP
        </Title>
        <Text size="sm" mb="xs">
          An MTA pipe or a provider's inbound hook posts raw messages (<Code>message/rfc822</Code>) here:
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code style={{ overflowWrap: 'anywhere' }} data-testid="inbound-url">
            {channel.inbound_url}
          </Code>
          <CopyButton value={channel.inbound_url}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">
            Token ends in <Code>…{channel.inbound_token_hint}</Code>
          </Text>
          <Button size="xs" variant="light" color="orange" onClick={() => setConfirmRotate(true)}>
            New token
          </Button>
        </Group>
      </Card>
      <Card withBorder radius="md" padding="lg">
        <Title order={4} mb="xs">
          IMAP mailbox
        </Title>
        {channel.imap_host ? (
          <Stack gap="xs">
            <Text size="sm">
              Last read {formatDateTime(channel.imap_last_polled_at)}
              {channel.imap_last_error ? '' : channel.imap_last_polled_at ? ' · OK' : ''}
            </Text>
            {channel.imap_last_error ? (
              <Alert color="red" variant="light" title="Last read failed">
                {channel.imap_last_error}
              </Alert>
            ) : null}
            <Group gap="sm">
              <Button
                size="xs"
                variant="default"
                loading={test.isPending}
                onClick={() => test.mutate(channel.id, { onSuccess: setTested, onError: (e) => notifyError(e, 'Could not test the mailbox') })}
              >
                Test connection
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={poll.isPending}
                disabled={!channel.enabled}
                onClick={() => poll.mutate(channel.id, { onSuccess: setPolled, onError: (e) => notifyError(e, 'Could not read the mailbox') })}
              >
                Read mailbox now
              </Button>
            </Group>
            {tested ? (
              <Alert color={tested.ok ? 'teal' : 'red'} variant="light" role="status" data-testid="imap-test-result">
                {tested.ok ? `Logged in; the mailbox holds ${tested.messages ?? 0} messages.` : `Failed: ${tested.error}`}
              </Alert>
            ) : null}
            {polled ? (
              <Alert color={polled.error ? 'red' : 'teal'} variant="light" role="status" data-testid="imap-poll-result">
                {!polled.ran
                  ? 'Another server is reading this mailbox right now; nothing done.'
                  : polled.error
                    ? `Failed: ${polled.error}`
                    : `Fetched ${polled.fetched}: ${polled.created} new tickets, ${polled.threaded} replies, ${polled.duplicates} duplicates, ${polled.ignored} ignored.`}
              </Alert>
            ) : null}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No IMAP server set: mail arrives through the inbound HTTP address only.
          </Text>
        )}
      </Card>
      <ConfirmDialog
        opened={confirmRotate}
        onClose={() => setConfirmRotate(false)}
        title="Replace the inbound token?"
        confirmLabel="Replace token"
        color="orange"
        loading={rotate.isPending}
        onConfirm={() =>
          rotate.mutate(channel.id, {
            onSuccess: (c) => {
              setConfirmRotate(false);
              setToken(c.inbound_token);
            },
            onError: (e) => notifyError(e, errorMessage(e)),
          })
        }
      >
        The current token stops working at once: update your mail server with the new one.
      </ConfirmDialog>
      <InboundTokenModal token={token} url={channel.inbound_url} onClose={() => setToken(null)} />
    </Stack>
  );
}
