import { Button, Group, Menu, Paper, ScrollArea, Text } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import type { Ticket } from '@switchboard/shared';
import type { BulkTicketChanges } from '@switchboard/shared';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { notify, notifySuccess } from '../../../lib/notices';
import { useBulkUpdateTickets } from '../api/bulkUpdateTickets';
import { commonTransitions, PRIORITY_OPTIONS, STATUS_LABELS } from './ticketOptions';
import type { Directory, Option } from './useDirectory';

function ActionMenu({ label, options, onPick, disabled }: { label: string; options: Option[]; onPick: (value: string) => void; disabled?: boolean }) {
  return (
    <Menu position="bottom-start" shadow="md" width={220}>
      <Menu.Target>
        <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} disabled={disabled || options.length === 0}>
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <ScrollArea.Autosize mah={260}>
          {options.map((o) => (
            <Menu.Item key={o.value} onClick={() => onPick(o.value)}>
              {o.label}
            </Menu.Item>
          ))}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}

/** What to do with the selected tickets: assign, move, prioritise, tag. */
export function BulkActionBar({ tickets, directory, onDone }: { tickets: Ticket[]; directory: Directory; onDone: () => void }) {
  const bulk = useBulkUpdateTickets();
  const n = tickets.length;
  const apply = (changes: BulkTicketChanges, what: string) =>
    bulk.mutate(
      { ticketIds: tickets.map((t) => t.id), changes },
      {
        onSuccess: (r) => {
          notifySuccess(what, `${r.updated} ticket${r.updated === 1 ? '' : 's'} updated`);
          onDone();
        },
        // All or nothing: say why, ticket by ticket, and keep the selection to try something else.
        onError: (e) =>
          notify('error', `${what}: nothing changed`, [errorMessage(e), ...(isApiError(e) ? e.fieldErrors.map((f) => f.message) : [])].join('\n')),
      },
    );
  const statuses = commonTransitions(tickets.map((t) => t.status)).map((s) => ({ value: s, label: STATUS_LABELS[s] }));
  const tagsOnSelection = directory.tagOptions.filter((o) => tickets.some((t) => t.tags.some((x) => x.id === o.value)));
  return (
    <Paper withBorder radius="md" p="sm" mb="md" role="region" aria-label="Bulk actions" data-testid="bulk-actions">
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {n} selected
        </Text>
        <ActionMenu
          label="Assign"
          options={[{ value: '', label: 'Unassigned' }, ...directory.agentOptions]}
          onPick={(v) => apply({ assignee_id: v || null }, 'Assigned')}
        />
        {directory.canReadUsers ? (
          <ActionMenu
            label="Team"
            options={[{ value: '', label: 'No team' }, ...directory.teamOptions]}
            onPick={(v) => apply({ team_id: v || null }, 'Team changed')}
          />
        ) : null}
        <ActionMenu label="Status" options={statuses} onPick={(v) => apply({ status: v as Ticket['status'] }, 'Status changed')} />
        <ActionMenu label="Priority" options={PRIORITY_OPTIONS} onPick={(v) => apply({ priority: v as Ticket['priority'] }, 'Priority changed')} />
        <ActionMenu label="Add tag" options={directory.tagOptions} onPick={(v) => apply({ add_tag_ids: [v] }, 'Tag added')} />
        <ActionMenu label="Remove tag" options={tagsOnSelection} onPick={(v) => apply({ remove_tag_ids: [v] }, 'Tag removed')} />
        <Button size="xs" variant="subtle" onClick={onDone} disabled={bulk.isPending}>
          Clear selection
        </Button>
        {bulk.isPending ? (
          <Text size="sm" c="dimmed">
            Updating…
          </Text>
        ) : null}
      </Group>
    </Paper>
  );
}
