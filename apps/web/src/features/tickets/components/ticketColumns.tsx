import { Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { Contact, Ticket } from '@switchboard/shared';
import { Link } from 'react-router';
import type { Column } from '../../../components/ui/DataTable';
import { formatDateTime, timeAgo } from '../../../lib/format';
import { contactName } from './ContactPicker';
import { CLOCK_LABELS, clockText, clockTone, keyClock, TONE_COLORS } from './slaClocks';
import { PriorityBadge, StatusBadge, TagBadges } from './TicketBadges';
import type { Directory } from './useDirectory';

const isOverdue = (t: Ticket) => Boolean(t.due_at) && !['resolved', 'closed'].includes(t.status) && new Date(t.due_at as string).getTime() < Date.now();

/** Columns of the ticket list; the subject is the link into the ticket. */
export function ticketColumns(directory: Directory, requesters: Map<string, Contact>, linked = true): Column<Ticket>[] {
  return [
    {
      key: 'number',
      header: 'Number',
      width: 120,
      render: (t) => (
        <Text size="sm" ff="monospace">
          {t.number}
        </Text>
      ),
    },
    {
      key: 'subject',
      header: 'Subject',
      render: (t) => (
        <Stack gap={4}>
          {linked ? (
            <Anchor component={Link} to={`/helpdesk/tickets/${t.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
              {t.subject}
            </Anchor>
          ) : (
            <Text size="sm" fw={500}>
              {t.subject}
            </Text>
          )}
          {t.tags.length > 0 ? (
            <Group gap={4}>
              <TagBadges tags={t.tags} />
            </Group>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'requester',
      header: 'Requester',
      render: (t) => {
        const c = t.requester_id ? requesters.get(t.requester_id) : undefined;
        return <Text size="sm">{t.requester_id ? (c ? contactName(c) : '…') : '—'}</Text>;
      },
    },
    { key: 'status', header: 'Status', render: (t) => <StatusBadge status={t.status} /> },
    { key: 'priority', header: 'Priority', render: (t) => <PriorityBadge priority={t.priority} /> },
    {
      key: 'assignee',
      header: 'Assignee',
      render: (t) => {
        const who = [directory.agentName(t.assignee_id), directory.teamName(t.team_id)].filter(Boolean).join(' · ');
        return (
          <Text size="sm" c={who ? undefined : 'dimmed'}>
            {who || 'Unassigned'}
          </Text>
        );
      },
    },
    {
      key: 'due',
      header: 'Due',
      render: (t) =>
        t.due_at ? (
          <Text size="sm" c={isOverdue(t) ? 'red' : undefined} fw={isOverdue(t) ? 600 : undefined}>
            {formatDateTime(t.due_at)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      key: 'sla',
      header: 'SLA',
      render: (t) => {
        const k = keyClock(t.sla);
        if (!k)
          return (
            <Text size="sm" c="dimmed">
              —
            </Text>
          );
        const tone = clockTone(k.clock);
        return (
          <Tooltip label={`${CLOCK_LABELS[k.name]} due ${formatDateTime(k.clock.due_at)}`}>
            <Badge color={TONE_COLORS[tone]} variant={tone === 'breached' ? 'filled' : 'light'} tt="none" data-testid="sla-badge">
              {clockText(k.clock)}
            </Badge>
          </Tooltip>
        );
      },
    },
    {
      key: 'updated',
      header: 'Updated',
      render: (t) => (
        <Tooltip label={formatDateTime(t.updated_at)}>
          <Text size="sm">{timeAgo(new Date(t.updated_at))}</Text>
        </Tooltip>
      ),
    },
  ];
}
