import { Button, Group, SegmentedControl, Stack, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Ticket } from '@switchboard/shared';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { useCan } from '../../../lib/session';
import { useContactsById } from '../api/getContact';
import { useTickets } from '../api/getTickets';
import { BulkActionBar } from './BulkActionBar';
import { NewTicketModal } from './NewTicketModal';
import { ticketColumns } from './ticketColumns';
import { SavedViews } from './SavedViews';
import { TicketFiltersBar } from './TicketFiltersBar';
import { TrashRestoreButton } from './TrashRestoreButton';
import { useDirectory } from './useDirectory';
import { useTicketFilters } from './useTicketFilters';

export function TicketsPage() {
  const navigate = useNavigate();
  const canWrite = useCan('tickets:write');
  const canReadContacts = useCan('contacts:read');
  const state = useTicketFilters();
  const directory = useDirectory();
  const tickets = useTickets(state.query);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const rows = tickets.data?.data;
  const requesters = useContactsById(
    (rows ?? []).flatMap((t) => (t.requester_id ? [t.requester_id] : [])),
    canReadContacts,
  );
  // Bulk actions act on what is selected and still listed.
  const selectedTickets = (rows ?? []).filter((t) => selected.includes(t.id));
  const trash = state.trash;
  const columns: Column<Ticket>[] = ticketColumns(directory, requesters, !trash);
  if (trash && canWrite)
    columns.push({ key: 'restore', header: <VisuallyHidden>Restore</VisuallyHidden>, align: 'right', render: (t) => <TrashRestoreButton ticket={t} /> });

  return (
    <Stack gap={0}>
      <PageHeader
        title="Tickets"
        description="Every request, from email, the API and agents. The list refreshes by itself."
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New ticket
            </Button>
          ) : null
        }
      />
      <Group mb="sm" justify="space-between" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Which tickets"
          value={trash ? 'trash' : 'live'}
          onChange={(v) => {
            setSelected([]);
            state.replaceFilters({ ...state.filters, status: undefined, deleted: v === 'trash' ? 'true' : undefined });
          }}
          data={[
            { value: 'live', label: 'Tickets' },
            { value: 'trash', label: 'Trash' },
          ]}
        />
        <SavedViews state={state} />
      </Group>
      <TicketFiltersBar state={state} directory={directory} />
      {canWrite && !trash && selectedTickets.length > 0 ? (
        <BulkActionBar tickets={selectedTickets} directory={directory} onDone={() => setSelected([])} />
      ) : null}
      {tickets.isError ? <QueryError error={tickets.error} onRetry={() => tickets.refetch()} /> : null}
      <DataTable<Ticket>
        label="Tickets"
        testId="tickets-table"
        columns={columns}
        rows={rows}
        rowKey={(t) => t.id}
        rowTestId={(t) => `ticket-row-${t.number}`}
        onRowClick={trash ? undefined : (t) => navigate(`/helpdesk/tickets/${t.id}`)}
        loading={tickets.isFetching && !tickets.data}
        emptyText={trash ? 'The trash is empty.' : state.filtered ? 'No tickets match the filters.' : 'No tickets to work on.'}
        selection={canWrite && !trash ? { selected, onChange: setSelected, rowLabel: (t) => `ticket ${t.number}` } : undefined}
        pagination={{
          page: state.page,
          pageSize: state.pageSize,
          total: tickets.data?.meta.total ?? 0,
          onPageChange: state.setPage,
          onPageSizeChange: state.setPageSize,
        }}
      />
      <NewTicketModal opened={creating} onClose={() => setCreating(false)} onCreated={(t) => navigate(`/helpdesk/tickets/${t.id}`)} />
    </Stack>
  );
}
