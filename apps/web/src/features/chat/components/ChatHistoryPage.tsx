import { Anchor, Badge, Drawer, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { ChatSession } from '@switchboard/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { SelectField } from '../../../components/ui/SelectField';
import { useListState } from '../../../components/ui/useListState';
import { formatDateTime } from '../../../lib/format';
import { useChatAgents } from '../api/getChatAgents';
import { useChatSession } from '../api/getChatSession';
import { useChatSessions } from '../api/getChatSessions';
import type { ChatSessionListParams } from '../api/keys';
import { STATUS_COLORS, STATUS_LABELS, formatSeconds, visitorLabel } from './chatFormat';
import { MessageList } from './MessageList';

const STATUS_OPTIONS = (['queued', 'active', 'ended', 'abandoned'] as const).map((s) => ({ value: s, label: STATUS_LABELS[s] }));

function Metric({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** One past chat: its metrics and the whole transcript. */
function Transcript({ id }: { id: string }) {
  const s = useChatSession(id);
  if (s.isError) return <QueryError error={s.error} onRetry={() => s.refetch()} />;
  if (!s.data) return <Text c="dimmed">Loading…</Text>;
  const d = s.data;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge color={STATUS_COLORS[d.status]} variant="light">
          {STATUS_LABELS[d.status]}
        </Badge>
        <Text size="sm">
          {d.widget_name} · {formatDateTime(d.created_at)} · {d.agent_name ?? 'no agent'}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Metric label="Wait" value={formatSeconds(d.metrics.wait_seconds)} testId="metric-wait" />
        <Metric label="First response" value={formatSeconds(d.metrics.first_response_seconds)} testId="metric-first-response" />
        <Metric label="Duration" value={formatSeconds(d.metrics.duration_seconds)} testId="metric-duration" />
        <Metric label="Rating" value={d.rating ? `${d.rating} / 5` : '—'} testId="metric-rating" />
      </SimpleGrid>
      {d.rating_comment ? (
        <Text size="sm">
          Comment: <q>{d.rating_comment}</q>
        </Text>
      ) : null}
      {d.ticket_id ? (
        <Anchor component={Link} to={`/helpdesk/tickets/${d.ticket_id}`} size="sm">
          Open the ticket made from this chat
        </Anchor>
      ) : null}
      <Paper withBorder radius="md">
        <MessageList sessionId={d.id} messages={d.messages} visitorReadSeq={d.visitor_read_seq} height="60vh" />
      </Paper>
      <Anchor component={Link} to={`/chat/desk/${d.id}`} size="sm">
        Open in the desk
      </Anchor>
    </Stack>
  );
}

/** Past chats: search by visitor, agent, text and date, with wait, first response, duration and rating per chat. */
export function ChatHistoryPage() {
  const [visitor, setVisitor] = useState('');
  const [agentId, setAgentId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { q, setQ, page, pageSize, setPage, pagination } = useListState();
  const [open, setOpen] = useState<ChatSession | null>(null);
  const agents = useChatAgents();
  const params: ChatSessionListParams = {
    visitor: visitor || undefined,
    q: q || undefined,
    agent_id: agentId ?? undefined,
    status: (status as ChatSessionListParams['status']) ?? undefined,
    from: from || undefined,
    to: to || undefined,
    sort: 'newest',
    page,
    page_size: pageSize,
  };
  const sessions = useChatSessions(params);
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const columns: Column<ChatSession>[] = [
    { key: 'started', header: 'Started', render: (s) => <Text size="sm">{formatDateTime(s.created_at)}</Text> },
    {
      key: 'visitor',
      header: 'Visitor',
      render: (s) => (
        <Stack gap={0}>
          <Anchor component="button" type="button" size="sm" fw={500} onClick={() => setOpen(s)}>
            {visitorLabel(s)}
          </Anchor>
          {s.visitor.email && s.visitor.name ? (
            <Text size="xs" c="dimmed">
              {s.visitor.email}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'agent', header: 'Agent', render: (s) => <Text size="sm">{s.agent_name ?? '—'}</Text> },
    { key: 'widget', header: 'Widget', render: (s) => <Text size="sm">{s.widget_name}</Text> },
    {
      key: 'status',
      header: 'Status',
      render: (s) => (
        <Badge color={STATUS_COLORS[s.status]} variant="light">
          {STATUS_LABELS[s.status]}
        </Badge>
      ),
    },
    { key: 'wait', header: 'Wait', render: (s) => <Text size="sm">{formatSeconds(s.metrics.wait_seconds)}</Text> },
    { key: 'first', header: 'First response', render: (s) => <Text size="sm">{formatSeconds(s.metrics.first_response_seconds)}</Text> },
    { key: 'duration', header: 'Duration', render: (s) => <Text size="sm">{formatSeconds(s.metrics.duration_seconds)}</Text> },
    { key: 'rating', header: 'Rating', render: (s) => <Text size="sm">{s.rating ? `${'★'.repeat(s.rating)}` : '—'}</Text> },
  ];

  return (
    <Stack gap={0}>
      <PageHeader title="Chat history" description="Every chat with its wait time, first response, duration and rating." />
      <Group mb="md" align="flex-end" wrap="wrap">
        <SearchInput label="Visitor" placeholder="Name, email or phone" value={visitor} onChange={reset(setVisitor)} />
        <SearchInput label="Text" placeholder="Words in the conversation" value={q} onChange={reset(setQ)} />
        <SelectField
          label="Agent"
          placeholder="Any agent"
          clearable
          w={200}
          data={(agents.data ?? []).map((a) => ({ value: a.user_id, label: a.name }))}
          value={agentId}
          onChange={reset(setAgentId)}
        />
        <SelectField label="Status" placeholder="Any status" clearable w={150} data={STATUS_OPTIONS} value={status} onChange={reset(setStatus)} />
        <TextInput label="From" type="date" value={from} onChange={(e) => reset(setFrom)(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} onChange={(e) => reset(setTo)(e.currentTarget.value)} />
      </Group>
      {sessions.isError ? <QueryError error={sessions.error} onRetry={() => sessions.refetch()} /> : null}
      <DataTable
        label="Chat history"
        testId="chat-history-table"
        columns={columns}
        rows={sessions.data?.data}
        rowKey={(s) => s.id}
        rowTestId={(s) => `chat-row-${s.id}`}
        loading={sessions.isFetching && !sessions.data}
        emptyText="No chats match."
        pagination={pagination(sessions.data?.meta.total ?? 0)}
      />
      <Drawer opened={Boolean(open)} onClose={() => setOpen(null)} position="right" size="xl" title={open ? `Chat with ${visitorLabel(open)}` : ''}>
        {open ? <Transcript id={open.id} /> : null}
      </Drawer>
    </Stack>
  );
}
