import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { Ticket } from '@switchboard/shared';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { formatDateTime } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useDeleteTicket } from '../api/deleteTicket';
import { EditTicketModal } from './EditTicketModal';
import { PriorityBadge, StatusBadge } from './TicketBadges';

/** Number, subject, status and priority at a glance; edit the text, move to the trash. */
export function TicketHeader({ ticket, canWrite }: { ticket: Ticket; canWrite: boolean }) {
  const navigate = useNavigate();
  const del = useDeleteTicket();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
      <Stack gap={4}>
        <Group gap="xs">
          <Text c="dimmed" ff="monospace" size="sm" data-testid="ticket-number">
            {ticket.number}
          </Text>
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
        </Group>
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>
          {ticket.subject}
        </Title>
        <Text size="xs" c="dimmed">
          Opened {formatDateTime(ticket.created_at)}
          {ticket.category ? ` · ${ticket.category}` : ''}
          {ticket.first_response_at ? ` · first reply ${formatDateTime(ticket.first_response_at)}` : ' · no reply yet'}
          {ticket.resolved_at ? ` · resolved ${formatDateTime(ticket.resolved_at)}` : ''}
          {ticket.closed_at ? ` · closed ${formatDateTime(ticket.closed_at)}` : ''}
        </Text>
      </Stack>
      {canWrite ? (
        <Group gap="sm">
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
            Edit details
          </Button>
          <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>
            Move to trash
          </Button>
        </Group>
      ) : null}
      <EditTicketModal opened={editing} ticket={ticket} onClose={() => setEditing(false)} />
      <ConfirmDialog
        opened={deleting}
        onClose={() => setDeleting(false)}
        title="Move to trash?"
        confirmLabel="Move to trash"
        color="red"
        loading={del.isPending}
        onConfirm={() =>
          del.mutate(ticket.id, {
            onSuccess: () => {
              notifySuccess('Ticket moved to the trash', `${ticket.number} can be restored from the list's trash.`);
              navigate('/helpdesk/tickets', { replace: true });
            },
            onError: (e) => notifyError(e, 'Could not delete the ticket'),
          })
        }
      >
        Move {ticket.number} to the trash? It can be restored later.
      </ConfirmDialog>
    </Group>
  );
}
