import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowsExchange, IconTicket, IconX } from '@tabler/icons-react';
import type { ChatSessionDetail } from '@switchboard/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { type RealtimeEvent, useRealtimeEvent } from '../../../lib/realtime';
import { useChatToTicket } from '../api/chatToTicket';
import { useEndChat } from '../api/endChat';
import { useChatTransfers } from '../api/getChatTransfers';
import { markChatRead } from '../api/markChatRead';
import { usePickupChat } from '../api/pickupChat';
import { useRespondChatTransfer } from '../api/respondChatTransfer';
import { STATUS_COLORS, STATUS_LABELS, visitorLabel } from './chatFormat';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { TransferDialog } from './TransferDialog';

export interface ConversationProps {
  session: ChatSessionDetail;
  me: { id: string; name: string };
  canWrite: boolean;
  canSupervise: boolean;
  canTicket: boolean;
  cannedResponses: boolean;
}

/** "Visitor is typing…" from the ephemeral chat.typing events of this chat. */
function useVisitorTyping(sessionId: string): boolean {
  const [typing, setTyping] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const handler = useCallback(
    (ev: RealtimeEvent) => {
      const d = ev.data as { session_id?: string; author_type?: string; typing?: boolean };
      if (d.session_id !== sessionId) return;
      if (ev.type === 'chat.message.created') setTyping(false);
      else if (d.author_type === 'visitor') {
        setTyping(Boolean(d.typing));
        clearTimeout(timer.current);
        // A lost "stopped" must not leave the indicator on.
        if (d.typing) timer.current = setTimeout(() => setTyping(false), 8000);
      }
    },
    [sessionId],
  );
  useRealtimeEvent(['chat.typing', 'chat.message.created'], handler);
  useEffect(() => () => clearTimeout(timer.current), []);
  return typing;
}

/** One chat: header with actions, the conversation, and the composer for its agent. */
export function Conversation({ session, me, canWrite, canSupervise, canTicket, cannedResponses }: ConversationProps) {
  const qc = useQueryClient();
  const mine = session.agent_id === me.id;
  const live = session.status === 'active' || session.status === 'queued';
  const typing = useVisitorTyping(session.id);
  const [transferring, setTransferring] = useState(false);
  const [ending, setEnding] = useState(false);
  const end = useEndChat();
  const toTicket = useChatToTicket();
  const pickup = usePickupChat();
  const outgoing = useChatTransfers('outgoing', mine && session.status === 'active');
  const respond = useRespondChatTransfer();
  const pending = (outgoing.data ?? []).find((t) => t.session_id === session.id && t.status === 'pending');

  // Read receipts: what is on screen in the agent's own chat counts as read.
  const readSent = useRef(0);
  useEffect(() => {
    if (!mine || session.last_seq <= session.agent_read_seq || session.last_seq <= readSent.current || document.hidden) return;
    readSent.current = session.last_seq;
    markChatRead(session.id, session.last_seq)
      .then(() => qc.invalidateQueries({ queryKey: ['chat', 'sessions', 'list'] }))
      .catch(() => {
        readSent.current = 0;
      });
  }, [mine, session.id, session.last_seq, session.agent_read_seq, qc]);

  const who = visitorLabel(session);
  return (
    <Stack gap="xs" h="100%" data-testid="conversation">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={0}>
          <Group gap="xs">
            <Title order={4} data-testid="conversation-title">
              {who}
            </Title>
            <Badge color={STATUS_COLORS[session.status]} variant="light" data-testid="conversation-status">
              {STATUS_LABELS[session.status]}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {session.widget_name}
            {session.agent_name ? ` · with ${mine ? 'you' : session.agent_name}` : ''}
          </Text>
        </Stack>
        <Group gap="xs">
          {session.status === 'queued' && canWrite ? (
            <Button size="xs" loading={pickup.isPending} onClick={() => pickup.mutate(session.id, { onError: (e) => notifyError(e, 'Could not take the chat') })}>
              Take chat
            </Button>
          ) : null}
          {mine && session.status === 'active' && !pending ? (
            <Button size="xs" variant="default" leftSection={<IconArrowsExchange size={14} />} onClick={() => setTransferring(true)}>
              Transfer
            </Button>
          ) : null}
          {session.ticket_id ? (
            <Button size="xs" variant="subtle" component={Link} to={`/helpdesk/tickets/${session.ticket_id}`} leftSection={<IconTicket size={14} />}>
              Open ticket
            </Button>
          ) : canTicket && session.status !== 'queued' ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconTicket size={14} />}
              loading={toTicket.isPending}
              onClick={() =>
                toTicket.mutate(
                  { sessionId: session.id },
                  { onSuccess: (t) => notifySuccess('Ticket created', `${t.number} holds the transcript.`), onError: (e) => notifyError(e, 'Could not create the ticket') },
                )
              }
            >
              Create ticket
            </Button>
          ) : null}
          {live && session.status === 'active' && (mine || canSupervise) ? (
            <Button size="xs" color="red" variant="light" leftSection={<IconX size={14} />} onClick={() => setEnding(true)}>
              End chat
            </Button>
          ) : null}
        </Group>
      </Group>
      {pending ? (
        <Alert color="blue" variant="light" p="xs" data-testid="pending-transfer">
          <Group justify="space-between">
            <Text size="sm">Transfer requested; waiting for it to be accepted.</Text>
            <Button size="compact-xs" variant="default" onClick={() => respond.mutate({ transferId: pending.id, answer: 'cancel' }, { onError: (e) => notifyError(e) })}>
              Cancel transfer
            </Button>
          </Group>
        </Alert>
      ) : null}
      {session.rating ? (
        <Text size="sm" data-testid="conversation-rating">
          Rated {'★'.repeat(session.rating)}
          {'☆'.repeat(5 - session.rating)} {session.rating_comment ? `“${session.rating_comment}”` : ''}
        </Text>
      ) : null}
      <Paper withBorder radius="md" style={{ flex: 1, minHeight: 240, display: 'flex' }}>
        <MessageList sessionId={session.id} messages={session.messages} visitorReadSeq={session.visitor_read_seq} typing={typing ? `${who} is typing…` : null} height="100%" />
      </Paper>
      {mine && session.status === 'active' && canWrite ? (
        <Composer session={session} agentName={me.name} cannedResponses={cannedResponses} />
      ) : (
        <Text size="sm" c="dimmed" ta="center">
          {session.status === 'ended' || session.status === 'abandoned'
            ? 'This chat has ended.'
            : session.status === 'queued'
              ? 'Waiting for an agent.'
              : `${session.agent_name ?? 'Another agent'} is handling this chat.`}
        </Text>
      )}
      <TransferDialog sessionId={session.id} myId={me.id} opened={transferring} onClose={() => setTransferring(false)} />
      <ConfirmDialog
        opened={ending}
        title="End chat?"
        confirmLabel="End chat"
        color="red"
        loading={end.isPending}
        onClose={() => setEnding(false)}
        onConfirm={() => end.mutate(session.id, { onSuccess: () => setEnding(false), onError: (e) => notifyError(e, 'Could not end the chat') })}
      >
        The visitor sees that the chat has ended and can rate it.
      </ConfirmDialog>
    </Stack>
  );
}
