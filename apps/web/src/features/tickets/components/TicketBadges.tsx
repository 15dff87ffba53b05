import { Badge } from '@mantine/core';
import type { Ticket, TicketPriority, TicketStatus } from '@switchboard/shared';
import { PRIORITY_COLORS, PRIORITY_LABELS, STATUS_COLORS, STATUS_LABELS } from './ticketOptions';

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" tt="none" data-testid="ticket-status">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant={priority === 'critical' ? 'filled' : 'outline'} tt="none">
      {PRIORITY_LABELS[priority]}
    </Badge>
  );
}

export function TagBadges({ tags }: { tags: Ticket['tags'] }) {
  return (
    <>
      {tags.map((t) => (
        <Badge key={t.id} color={t.color ?? 'gray'} variant="light" tt="none" size="sm">
          {t.name}
        </Badge>
      ))}
    </>
  );
}
