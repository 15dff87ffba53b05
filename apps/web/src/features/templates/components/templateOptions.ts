import type { TemplateVariable } from '@switchboard/shared';

export const KIND_LABELS = { ticket: 'New ticket', reply: 'Canned reply' } as const;
export const KIND_OPTIONS = [
  { value: 'reply', label: KIND_LABELS.reply },
  { value: 'ticket', label: KIND_LABELS.ticket },
];
export const FORMAT_OPTIONS = [
  { value: 'text', label: 'Plain text' },
  { value: 'html', label: 'HTML' },
];

/** What each variable becomes, and the sample the preview uses. */
export const VARIABLE_HELP: Record<TemplateVariable, { description: string; sample: string }> = {
  'ticket.number': { description: "The ticket's number", sample: 'DEMO-00042' },
  'ticket.subject': { description: "The ticket's subject", sample: 'Cannot log in' },
  'requester.name': { description: "The requester's name", sample: 'Rita Requester' },
  'requester.email': { description: "The requester's email address", sample: 'rita@example.com' },
  'agent.name': { description: 'The name of the agent using the template', sample: 'Alex Agent' },
  'tenant.name': { description: 'Your organisation', sample: 'Demo Company' },
};
