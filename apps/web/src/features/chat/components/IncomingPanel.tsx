import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ChatAgent, ChatOffer, ChatTransfer } from '@switchboard/shared';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { notifyError } from '../../../lib/notices';
import { useChatSession } from '../api/getChatSession';
import { useRespondChatOffer } from '../api/respondChatOffer';
import { useRespondChatTransfer } from '../api/respondChatTransfer';
import { visitorLabel } from './chatFormat';

/** Seconds left until an ISO instant, ticking. */
function useSecondsLeft(until: string): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.round((new Date(until).getTime() - now) / 1000));
}

function OfferCard({ offer }: { offer: ChatOffer }) {
  // An offer lasts seconds: poll its chat too, so the preview never waits on a missed refresh.
  const session = useChatSession(offer.session_id, { pollMs: 2000 });
  const respond = useRespondChatOffer();
  const navigate = useNavigate();
  const left = useSecondsLeft(offer.expires_at);
  const who = session.data ? visitorLabel(session.data) : 'A visitor';
  const first = session.data?.messages.find((m) => m.author_type === 'visitor');
  return (
    <Card withBorder radius="md" padding="sm" data-testid="chat-offer" aria-label={`Chat offered: ${who}`}>
      <Text size="sm" fw={600}>
        New chat: {who}
      </Text>
      {first ? (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {first.body}
        </Text>
      ) : null}
      <Text size="xs" c="dimmed">
        {left > 0 ? `${left} s to answer` : 'Expiring…'}
      </Text>
      <Group gap="xs" mt="xs">
        <Button
          size="xs"
          loading={respond.isPending && respond.variables?.answer === 'accept'}
          onClick={() =>
            respond.mutate(
              { offerId: offer.id, answer: 'accept' },
              { onSuccess: () => navigate(`/chat/desk/${offer.session_id}`), onError: (e) => notifyError(e, 'Could not accept the chat') },
            )
          }
        >
          Accept
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={respond.isPending && respond.variables?.answer === 'decline'}
          onClick={() => respond.mutate({ offerId: offer.id, answer: 'decline' }, { onError: (e) => notifyError(e, 'Could not decline the chat') })}
        >
          Decline
        </Button>
      </Group>
    </Card>
  );
}

function TransferCard({ transfer, agents }: { transfer: ChatTransfer; agents: ChatAgent[] }) {
  const session = useChatSession(transfer.session_id);
  const respond = useRespondChatTransfer();
  const navigate = useNavigate();
  const left = useSecondsLeft(transfer.expires_at);
  const from = agents.find((a) => a.user_id === transfer.from_user_id)?.name ?? 'A colleague';
  const who = session.data ? visitorLabel(session.data) : 'a visitor';
  return (
    <Card withBorder radius="md" padding="sm" data-testid="chat-transfer-request" aria-label={`Transfer from ${from}`}>
      <Text size="sm" fw={600}>
        {from} wants to hand you the chat with {who}
      </Text>
      {transfer.reason ? (
        <Text size="xs" c="dimmed">
          Reason: {transfer.reason}
        </Text>
      ) : null}
      <Text size="xs" c="dimmed">
        {left > 0 ? `${left} s to answer` : 'Expiring…'}
      </Text>
      <Group gap="xs" mt="xs">
        <Button
          size="xs"
          loading={respond.isPending && respond.variables?.answer === 'accept'}
          onClick={() =>
            respond.mutate(
              { transferId: transfer.id, answer: 'accept' },
              { onSuccess: () => navigate(`/chat/desk/${transfer.session_id}`), onError: (e) => notifyError(e, 'Could not accept the transfer') },
            )
          }
        >
          Accept transfer
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={respond.isPending && respond.variables?.answer === 'reject'}
          onClick={() => respond.mutate({ transferId: transfer.id, answer: 'reject' }, { onError: (e) => notifyError(e, 'Could not reject the transfer') })}
        >
          Reject
        </Button>
      </Group>
    </Card>
  );
}

/** Offers and transfers waiting for this agent's answer. Nothing when there are none. */
export function IncomingPanel({ offers, transfers, agents }: { offers: ChatOffer[]; transfers: ChatTransfer[]; agents: ChatAgent[] }) {
  const pendingOffers = offers.filter((o) => o.status === 'pending');
  if (!pendingOffers.length && !transfers.length) return null;
  return (
    <Stack gap="xs" role="region" aria-label="Incoming">
      <Title order={5}>Incoming</Title>
      {pendingOffers.map((o) => (
        <OfferCard key={o.id} offer={o} />
      ))}
      {transfers.map((t) => (
        <TransferCard key={t.id} transfer={t} agents={agents} />
      ))}
    </Stack>
  );
}
