import { Badge, Button, Group, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import type { ChatSession } from '@switchboard/shared';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../../lib/errors';
import { notifyError } from '../../../lib/notices';
import { usePickupChat } from '../api/pickupChat';
import { formatSeconds, visitorLabel } from './chatFormat';

const waited = (iso: string) => formatSeconds(Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000)));

/** "My chats" with unread counts, and the queue with a Take button. */
export function ChatListPanel({
  mine,
  queued,
  selectedId,
  canTake,
  error,
}: {
  mine: ChatSession[];
  queued: ChatSession[];
  selectedId?: string;
  canTake: boolean;
  error?: unknown;
}) {
  const pickup = usePickupChat();
  const navigate = useNavigate();
  return (
    <Stack gap="md">
      {error ? (
        <Text size="sm" c="red" role="alert">
          {errorMessage(error)}
        </Text>
      ) : null}
      <section aria-labelledby="my-chats-title">
        <Group justify="space-between" mb={4}>
          <Title order={5} id="my-chats-title">
            My chats
          </Title>
          <Badge variant="light">{mine.length}</Badge>
        </Group>
        <Paper withBorder radius="md" data-testid="my-chats">
          {mine.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              No active chats.
            </Text>
          ) : (
            mine.map((s) => (
              <NavLink
                key={s.id}
                component={Link}
                to={`/chat/desk/${s.id}`}
                active={s.id === selectedId}
                label={visitorLabel(s)}
                description={s.widget_name}
                data-testid={`my-chat-${s.id}`}
                aria-label={`${visitorLabel(s)}${s.unread ? `, ${s.unread} unread` : ''}`}
                rightSection={
                  s.unread > 0 ? (
                    <Badge size="sm" color="red" circle={s.unread < 10} data-testid="unread-count">
                      {s.unread}
                    </Badge>
                  ) : null
                }
              />
            ))
          )}
        </Paper>
      </section>
      <section aria-labelledby="queue-title">
        <Group justify="space-between" mb={4}>
          <Title order={5} id="queue-title">
            Waiting
          </Title>
          <Badge variant="light" color={queued.length ? 'yellow' : 'gray'}>
            {queued.length}
          </Badge>
        </Group>
        <Paper withBorder radius="md" data-testid="queued-chats">
          {queued.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              Nobody is waiting.
            </Text>
          ) : (
            queued.map((s) => (
              <Group key={s.id} justify="space-between" wrap="nowrap" px="sm" py={6} data-testid={`queued-chat-${s.id}`}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate component={Link} to={`/chat/desk/${s.id}`}>
                    {visitorLabel(s)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {s.widget_name} · waiting {waited(s.queued_at)}
                  </Text>
                </Stack>
                {canTake ? (
                  <Button
                    size="compact-xs"
                    variant="light"
                    loading={pickup.isPending && pickup.variables === s.id}
                    onClick={() =>
                      pickup.mutate(s.id, { onSuccess: () => navigate(`/chat/desk/${s.id}`), onError: (e) => notifyError(e, 'Could not take the chat') })
                    }
                    aria-label={`Take chat with ${visitorLabel(s)}`}
                  >
                    Take
                  </Button>
                ) : null}
              </Group>
            ))
          )}
        </Paper>
      </section>
    </Stack>
  );
}
