import type { Contact, Ticket } from '@switchboard/shared';
import { useState } from 'react';
import { SelectField } from '../../../components/ui/SelectField';
import { notifyError } from '../../../lib/notices';
import { useTemplateOptions } from '../api/getTemplateOptions';
import { type Rendered, useRenderTemplate } from '../api/renderTemplate';
import { contactName } from './ContactPicker';

/** Picks a reply template; the server renders it for this ticket, requester and agent, and it is handed to the composer. */
export function CannedResponsePicker({
  ticket,
  requester,
  agentName,
  onInsert,
}: {
  ticket: Ticket;
  requester: Contact | null;
  agentName: string | null;
  onInsert: (r: Rendered) => void;
}) {
  const templates = useTemplateOptions('reply');
  const render = useRenderTemplate();
  // The picker resets after each insert so the same response can be inserted again.
  const [key, setKey] = useState(0);
  const data = (templates.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <SelectField
      key={key}
      label="Canned response"
      placeholder={templates.isPending ? 'Loading…' : data.length ? 'Insert a reply template' : 'No reply templates'}
      data={data}
      value={null}
      w={260}
      disabled={render.isPending || data.length === 0}
      onChange={(id) => {
        if (!id) return;
        render.mutate(
          {
            templateId: id,
            values: {
              ticket: { number: ticket.number, subject: ticket.subject },
              requester: requester ? { name: contactName(requester), email: requester.email } : undefined,
              agent: { name: agentName },
            },
          },
          {
            onSuccess: (r) => {
              onInsert(r);
              setKey((k) => k + 1);
            },
            onError: (e) => notifyError(e, 'Could not insert the template'),
          },
        );
      }}
    />
  );
}
