import { Anchor, Badge, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import type { ChatSessionDetail } from '@switchboard/shared';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useChatSessions } from '../api/getChatSessions';
import { useVisitorTickets } from '../api/getVisitorTickets';
import { STATUS_COLORS, STATUS_LABELS, formatSeconds } from './chatFormat';
import { safeHref } from './ChatText';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" w={90} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="xs" component="div" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
        {children}
      </Text>
    </Group>
  );
}

/** A visitor-supplied URL: a link only when it is http(s), always shown as text. */
function UrlText({ url }: { url: string | null }) {
  if (!url) return '—';
  const href = safeHref(url);
  return href ? (
    <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" size="xs">
      {url}
    </Anchor>
  ) : (
    url
  );
}

/** Who the visitor is, what they answered, how the chat went, their other chats and their tickets. */
export function VisitorPanel({ session, showTickets }: { session: ChatSessionDetail; showTickets: boolean }) {
  const v = session.visitor;
  const byContact = Boolean(session.contact_id);
  const past = useChatSessions(
    byContact ? { contact_id: session.contact_id ?? undefined, page: 1, page_size: 6 } : { visitor: v.email ?? undefined, page: 1, page_size: 6 },
    byContact || Boolean(v.email),
  );
  const tickets = useVisitorTickets(session.contact_id, showTickets);
  const others = (past.data?.data ?? []).filter((s) => s.id !== session.id).slice(0, 5);
  const prechat = Object.entries(session.prechat);

  return (
    <Stack gap="sm" data-testid="visitor-panel">
      <Card withBorder radius="md" padding="sm">
        <Title order={5} mb={6}>
          Visitor
        </Title>
        <Stack gap={4}>
          <Row label="Name">{v.name ?? '—'}</Row>
          <Row label="Email">{v.email ? <Anchor href={`mailto:${v.email}`} size="xs">{v.email}</Anchor> : '—'}</Row>
          <Row label="Phone">{v.phone ?? '—'}</Row>
          <Row label="Page">
            <UrlText url={v.current_url} />
          </Row>
          <Row label="Came from">
            <UrlText url={v.referrer} />
          </Row>
          <Row label="IP address">{v.ip ?? '—'}</Row>
          <Row label="Browser">{v.user_agent ?? '—'}</Row>
          <Row label="Contact">{session.contact_id ? 'Known contact' : 'Not a contact yet'}</Row>
        </Stack>
        {prechat.length ? (
          <>
            <Divider my="xs" label="Pre-chat answers" labelPosition="left" />
            <Stack gap={4}>
              {prechat.map(([k, val]) => (
                <Row key={k} label={k}>
                  {typeof val === 'boolean' ? (val ? 'Yes' : 'No') : val}
                </Row>
              ))}
            </Stack>
          </>
        ) : null}
      </Card>
      <Card withBorder radius="md" padding="sm" data-testid="chat-metrics">
        <Title order={5} mb={6}>
          This chat
        </Title>
        <Stack gap={4}>
          <Row label="Started">{formatDateTime(session.created_at)}</Row>
          <Row label="Waited">{formatSeconds(session.metrics.wait_seconds)}</Row>
          <Row label="First reply">{formatSeconds(session.metrics.first_response_seconds)}</Row>
          <Row label="Duration">{formatSeconds(session.metrics.duration_seconds)}</Row>
          <Row label="Rating">{session.rating ? `${session.rating} / 5` : '—'}</Row>
        </Stack>
      </Card>
      <Card withBorder radius="md" padding="sm">
        <Title order={5} mb={6}>
          Past chats
        </Title>
        {others.length === 0 ? (
          <Text size="xs" c="dimmed">
            {byContact || v.email ? 'None.' : 'Unknown visitor (no email).'}
          </Text>
        ) : (
          <Stack gap={4}>
            {others.map((s) => (
              <Group key={s.id} justify="space-between" wrap="nowrap">
                <Anchor component={Link} to={`/chat/desk/${s.id}`} size="xs">
                  {formatDateTime(s.created_at)}
                </Anchor>
                <Badge size="xs" variant="light" color={STATUS_COLORS[s.status]}>
                  {STATUS_LABELS[s.status]}
                </Badge>
              </Group>
            ))}
          </Stack>
        )}
      </Card>
      {showTickets ? (
        <Card withBorder radius="md" padding="sm">
          <Title order={5} mb={6}>
            Tickets
          </Title>
          {!session.contact_id ? (
            <Text size="xs" c="dimmed">
              No contact linked.
            </Text>
          ) : (tickets.data?.data ?? []).length === 0 ? (
            <Text size="xs" c="dimmed">
              None.
            </Text>
          ) : (
            <Stack gap={4}>
              {(tickets.data?.data ?? []).map((t) => (
                <Anchor key={t.id} component={Link} to={`/helpdesk/tickets/${t.id}`} size="xs">
                  {t.number} · {t.subject} ({t.status})
                </Anchor>
              ))}
            </Stack>
          )}
        </Card>
      ) : null}
    </Stack>
  );
}
