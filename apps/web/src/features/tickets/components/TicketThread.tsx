import { Card, Loader, Stack, Text, Title } from '@mantine/core';
import type { Contact, Ticket } from '@switchboard/shared';
import { QueryError } from '../../../components/ui/QueryError';
import { useMessages } from '../api/getMessages';
import { contactName } from './ContactPicker';
import { MessageItem } from './MessageItem';
import type { Directory } from './useDirectory';

/** Public replies and internal notes, oldest first. */
export function TicketThread({
  ticket,
  directory,
  requester,
  canWrite,
}: {
  ticket: Ticket;
  directory: Directory;
  requester: Contact | null;
  canWrite: boolean;
}) {
  const messages = useMessages(ticket.id);
  const list = messages.data ?? [];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label="Conversation">
      <Title order={5} mb="sm">
        Conversation
      </Title>
      {messages.isPending ? <Loader size="sm" aria-label="Loading messages" /> : null}
      {messages.isError ? <QueryError error={messages.error} onRetry={() => messages.refetch()} /> : null}
      {messages.isSuccess && list.length === 0 ? (
        <Text size="sm" c="dimmed">
          No replies or notes yet.
        </Text>
      ) : null}
      <Stack gap="sm" data-testid="ticket-thread">
        {list.map((m) => (
          <MessageItem
            key={m.id}
            ticket={ticket}
            message={m}
            author={
              m.author_user_id
                ? (directory.agentName(m.author_user_id) ?? 'Agent')
                : m.author_contact_id && requester && m.author_contact_id === requester.id
                  ? contactName(requester)
                  : 'Requester'
            }
            fromRequester={!m.author_user_id}
            canEdit={canWrite && m.internal && ticket.status !== 'closed'}
          />
        ))}
      </Stack>
    </Card>
  );
}
