import { Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { Contact, Ticket } from '@switchboard/shared';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { useTickets } from '../api/getTickets';
import { contactName } from './ContactPicker';
import { StatusBadge } from './TicketBadges';

/** Who asked, how to reach them, and what else they asked. */
export function RequesterPanel({ ticket, requester, loading }: { ticket: Ticket; requester: Contact | null; loading: boolean }) {
  const others = useTickets(
    { requester_id: ticket.requester_id ?? undefined, sort: '-created_at', page: 1, page_size: 11 },
    { enabled: Boolean(ticket.requester_id), poll: false },
  );
  const list = (others.data?.data ?? []).filter((t) => t.id !== ticket.id).slice(0, 10);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label="Requester" data-testid="requester-panel">
      <Title order={5} mb="sm">
        Requester
      </Title>
      {!ticket.requester_id ? (
        <Text size="sm" c="dimmed">
          No requester on this ticket.
        </Text>
      ) : loading ? (
        <Loader size="sm" aria-label="Loading requester" />
      ) : requester ? (
        <Stack gap={4}>
          <Text fw={600}>{contactName(requester)}</Text>
          {requester.email ? (
            <Anchor href={`mailto:${requester.email}`} size="sm">
              {requester.email}
            </Anchor>
          ) : null}
          {requester.phone ? <Text size="sm">{requester.phone}</Text> : null}
          {requester.company ? (
            <Text size="sm" c="dimmed">
              {requester.company}
            </Text>
          ) : null}
          {requester.tags.length > 0 ? (
            <Group gap={4} mt={4}>
              {requester.tags.map((t) => (
                <Badge key={t.id} size="sm" variant="light" color={t.color ?? 'gray'} tt="none">
                  {t.name}
                </Badge>
              ))}
            </Group>
          ) : null}
          <Title order={6} mt="md">
            Other tickets
          </Title>
          {others.isPending ? (
            <Loader size="xs" aria-label="Loading other tickets" />
          ) : list.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Other tickets of the requester">
              {list.map((t) => (
                <Stack key={t.id} component="li" gap={2}>
                  <Anchor component={Link} to={`/helpdesk/tickets/${t.id}`} size="sm" lineClamp={1}>
                    {t.number} · {t.subject}
                  </Anchor>
                  <Group gap="xs">
                    <StatusBadge status={t.status} />
                    <Text size="xs" c="dimmed">
                      {formatDate(t.created_at)}
                    </Text>
                  </Group>
                </Stack>
              ))}
            </Stack>
          )}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          The contact could not be loaded.
        </Text>
      )}
    </Card>
  );
}
