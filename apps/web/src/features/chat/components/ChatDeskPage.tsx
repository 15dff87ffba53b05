import { Alert, Center, Grid, Loader, Stack, Text } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { allowed, can } from '../../../lib/permissions';
import { useMe } from '../../../lib/session';
import { useChatAgents } from '../api/getChatAgents';
import { useChatOffers } from '../api/getChatOffers';
import { useChatSession } from '../api/getChatSession';
import { useChatSessions } from '../api/getChatSessions';
import { useChatTransfers } from '../api/getChatTransfers';
import { useMyChatAgent } from '../api/getMyChatAgent';
import { AgentStatusBar } from './AgentStatusBar';
import { ChatListPanel } from './ChatListPanel';
import { Conversation } from './Conversation';
import { IncomingPanel } from './IncomingPanel';
import { useDeskAlerts } from './useDeskAlerts';
import { VisitorPanel } from './VisitorPanel';

/**
 * The agent desk: my availability and load, offers and transfers waiting for me, my chats with
 * unread counts and the queue, the selected conversation, and what we know about its visitor.
 * Everything refreshes on the console's live events (chat.*, agent.*).
 */
export function ChatDeskPage() {
  const { sessionId } = useParams();
  const me = useMe();
  const canWrite = can(me.data, 'chat:write');
  const agent = useMyChatAgent(canWrite);
  const mine = useChatSessions({ status: 'active', mine: 'true', sort: 'oldest', page: 1, page_size: 100 });
  const queued = useChatSessions({ status: 'queued', sort: 'oldest', page: 1, page_size: 100 });
  const offers = useChatOffers(canWrite);
  const transfers = useChatTransfers('incoming', canWrite);
  const agents = useChatAgents({}, canWrite);
  const selected = useChatSession(sessionId);
  useDeskAlerts(me.data?.user.id, sessionId, agent.data?.team_ids, agent.data?.availability === 'online');

  const helpdesk = allowed(me.data, { permission: 'tickets:read', feature: 'helpdesk' });
  const canTicket = helpdesk && can(me.data, 'tickets:write');

  return (
    <Stack gap="md">
      <PageHeader title="Chat desk" description="Answer website visitors live. New chats arrive here; you get a sound and a desktop notification." />
      {agent.data ? <AgentStatusBar agent={agent.data} /> : agent.isError ? <QueryError error={agent.error} onRetry={() => agent.refetch()} /> : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          <Stack gap="md">
            <IncomingPanel offers={offers.data ?? []} transfers={transfers.data ?? []} agents={agents.data ?? []} />
            <ChatListPanel
              mine={mine.data?.data ?? []}
              queued={queued.data?.data ?? []}
              selectedId={sessionId}
              canTake={canWrite}
              error={mine.error ?? queued.error}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 6 }}>
          <div style={{ height: 'calc(100vh - 260px)', minHeight: 420 }}>
            {!sessionId ? (
              <Center h="100%">
                <Stack align="center" gap="xs">
                  <IconMessages size={40} stroke={1.2} aria-hidden />
                  <Text c="dimmed">Choose a chat on the left.</Text>
                </Stack>
              </Center>
            ) : selected.isPending ? (
              <Center h="100%">
                <Loader aria-label="Loading chat" />
              </Center>
            ) : selected.isError ? (
              <QueryError error={selected.error} onRetry={() => selected.refetch()} />
            ) : me.data ? (
              <Conversation
                session={selected.data}
                me={{ id: me.data.user.id, name: me.data.user.name }}
                canWrite={canWrite}
                canSupervise={can(me.data, 'chat:supervise')}
                canTicket={canTicket}
                cannedResponses={helpdesk}
              />
            ) : null}
          </div>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 3 }}>
          {selected.data ? (
            <VisitorPanel session={selected.data} showTickets={helpdesk} />
          ) : (
            <Alert variant="light" color="gray">
              Visitor details appear here.
            </Alert>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
