import { Button } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import type { Ticket } from '@switchboard/shared';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useRestoreTicket } from '../api/restoreTicket';

/** Brings a ticket back from the trash. */
export function TrashRestoreButton({ ticket }: { ticket: Ticket }) {
  const restore = useRestoreTicket();
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRestore size={14} />}
      loading={restore.isPending}
      aria-label={`Restore ${ticket.number}`}
      onClick={() =>
        restore.mutate(ticket.id, {
          onSuccess: () => notifySuccess('Ticket restored', ticket.number),
          onError: (e) => notifyError(e, 'Could not restore the ticket'),
        })
      }
    >
      Restore
    </Button>
  );
}
