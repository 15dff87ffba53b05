import { Card, MultiSelect, Stack, TextInput, Title } from '@mantine/core';
import type { Ticket } from '@switchboard/shared';
import { useEffect, useState } from 'react';
import { SelectField } from '../../../components/ui/SelectField';
import { isoToLocalInput, localInputToIso } from '../../../lib/format';
import { notifyError } from '../../../lib/notices';
import { type UpdateTicketInput, useUpdateTicket } from '../api/updateTicket';
import { ContactPicker } from './ContactPicker';
import { PRIORITY_OPTIONS, statusChoices } from './ticketOptions';
import type { Directory } from './useDirectory';

/** Status (only the allowed next states), priority, requester, assignment, due date and tags; each change saves at once. */
export function TicketProperties({ ticket, directory, canWrite }: { ticket: Ticket; directory: Directory; canWrite: boolean }) {
  const update = useUpdateTicket();
  const save = (body: UpdateTicketInput) => update.mutate({ id: ticket.id, body }, { onError: (e) => notifyError(e, 'Could not update the ticket') });
  const [due, setDue] = useState(isoToLocalInput(ticket.due_at));
  useEffect(() => setDue(isoToLocalInput(ticket.due_at)), [ticket.due_at]);

  const agents = [...directory.agentOptions];
  if (ticket.assignee_id && !agents.some((a) => a.value === ticket.assignee_id))
    agents.push({ value: ticket.assignee_id, label: directory.agentName(ticket.assignee_id) ?? 'Another agent' });
  const teams = [...directory.teamOptions];
  if (ticket.team_id && !teams.some((t) => t.value === ticket.team_id))
    teams.push({ value: ticket.team_id, label: directory.teamName(ticket.team_id) ?? 'A team' });
  const tags = [...directory.tagOptions];
  for (const t of ticket.tags) if (!tags.some((o) => o.value === t.id)) tags.push({ value: t.id, label: t.name });
  const closed = ticket.status === 'closed';

  return (
    <Card withBorder radius="md" padding="md" data-testid="ticket-properties">
      <Title order={5} mb="sm">
        Properties
      </Title>
      <fieldset disabled={!canWrite || update.isPending} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="sm">
          <SelectField
            label="Status"
            description={closed ? 'A closed ticket stays closed.' : undefined}
            data={statusChoices(ticket.status)}
            value={ticket.status}
            disabled={closed || !canWrite}
            onChange={(v) => v && v !== ticket.status && save({ status: v as Ticket['status'] })}
          />
          <SelectField
            label="Priority"
            data={PRIORITY_OPTIONS}
            value={ticket.priority}
            onChange={(v) => v && v !== ticket.priority && save({ priority: v as Ticket['priority'] })}
          />
          <ContactPicker label="Requester" value={ticket.requester_id} onChange={(v) => v !== ticket.requester_id && save({ requester_id: v })} />
          <SelectField
            label="Assignee"
            placeholder="Unassigned"
            data={agents}
            value={ticket.assignee_id}
            clearable
            onChange={(v) => v !== ticket.assignee_id && save({ assignee_id: v })}
          />
          {directory.canReadUsers || ticket.team_id ? (
            <SelectField
              label="Team"
              placeholder="No team"
              data={teams}
              value={ticket.team_id}
              clearable
              disabled={!directory.canReadUsers}
              onChange={(v) => v !== ticket.team_id && save({ team_id: v })}
            />
          ) : null}
          <TextInput
            label="Due"
            type="datetime-local"
            value={due}
            onChange={(e) => setDue(e.currentTarget.value)}
            onBlur={() => {
              const iso = localInputToIso(due);
              if (iso !== ticket.due_at && isoToLocalInput(iso) !== isoToLocalInput(ticket.due_at)) save({ due_at: iso });
            }}
          />
          <MultiSelect
            label="Tags"
            placeholder={ticket.tags.length ? undefined : 'Add tags'}
            data={tags}
            value={ticket.tags.map((t) => t.id)}
            searchable
            clearable
            onChange={(ids) => save({ tag_ids: ids })}
          />
        </Stack>
      </fieldset>
    </Card>
  );
}
