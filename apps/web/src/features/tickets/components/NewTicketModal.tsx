import { Button, Group, Modal, MultiSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTicketBody, type Ticket, type TicketPriority } from '@switchboard/shared';
import { useEffect } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { SelectField } from '../../../components/ui/SelectField';
import { localInputToIso } from '../../../lib/format';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useCreateTicket } from '../api/createTicket';
import { getContact } from '../api/getContact';
import { useTemplateOptions } from '../api/getTemplateOptions';
import { useRenderTemplate } from '../api/renderTemplate';
import { ContactPicker, contactName } from './ContactPicker';
import { htmlToText } from './htmlText';
import { PRIORITY_OPTIONS } from './ticketOptions';
import { useDirectory } from './useDirectory';

interface Values {
  template_id: string | null;
  subject: string;
  description: string;
  priority: TicketPriority;
  category: string;
  requester_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  due_at: string;
  tag_ids: string[];
}

const EMPTY: Values = {
  template_id: null,
  subject: '',
  description: '',
  priority: 'medium',
  category: '',
  requester_id: null,
  assignee_id: null,
  team_id: null,
  due_at: '',
  tag_ids: [],
};

const toBody = (v: Values) => ({
  subject: v.subject,
  description: blankToNull(v.description),
  priority: v.priority,
  category: blankToNull(v.category),
  requester_id: v.requester_id,
  assignee_id: v.assignee_id,
  team_id: v.team_id,
  due_at: localInputToIso(v.due_at),
  tag_ids: v.tag_ids,
});

/** A new ticket, typed in or started from a `ticket` template (variables filled for the chosen requester). */
export function NewTicketModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (t: Ticket) => void }) {
  const directory = useDirectory();
  const templates = useTemplateOptions('ticket', opened);
  const render = useRenderTemplate();
  const create = useCreateTicket();
  const form = useForm<Values>({ mode: 'controlled', initialValues: EMPTY, validate: zodValidate(CreateTicketBody, toBody) });
  const formError = useFormError(form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: start empty each time it opens
  useEffect(() => {
    if (opened) {
      form.setValues(EMPTY);
      form.clearErrors();
      formError.clear();
    }
  }, [opened]);

  const applyTemplate = async (templateId: string | null) => {
    form.setFieldValue('template_id', templateId);
    if (!templateId) return;
    const { requester_id } = form.getValues();
    try {
      const requester = requester_id ? await getContact(requester_id) : null;
      const out = await render.mutateAsync({
        templateId,
        values: {
          requester: requester ? { name: contactName(requester), email: requester.email } : undefined,
          agent: { name: directory.me?.user.name ?? null },
        },
      });
      if (out.subject) form.setFieldValue('subject', out.subject);
      form.setFieldValue('description', out.format === 'html' ? htmlToText(out.body) : out.body);
    } catch (e) {
      notifyError(e, 'Could not use the template');
    }
  };

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    try {
      const ticket = await create.mutateAsync(CreateTicketBody.parse(toBody(values)));
      notifySuccess('Ticket created', `${ticket.number} · ${ticket.subject}`);
      onClose();
      onCreated(ticket);
    } catch (e) {
      formError.handle(e);
    }
  });

  const templateOptions = (templates.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <Modal opened={opened} onClose={onClose} title="New ticket" centered size="lg">
      <form onSubmit={submit} noValidate data-testid="new-ticket-form">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ContactPicker
              label="Requester"
              value={form.getValues().requester_id}
              error={form.errors.requester_id as string | undefined}
              onChange={(v) => form.setFieldValue('requester_id', v)}
            />
            <SelectField
              label="Start from template"
              placeholder={templateOptions.length ? 'No template' : 'No ticket templates'}
              data={templateOptions}
              value={form.getValues().template_id}
              clearable
              disabled={render.isPending}
              onChange={applyTemplate}
            />
          </SimpleGrid>
          <TextInput label="Subject" required data-autofocus {...form.getInputProps('subject')} />
          <Textarea label="Description" autosize minRows={4} maxRows={12} {...form.getInputProps('description')} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <SelectField label="Priority" data={PRIORITY_OPTIONS} {...form.getInputProps('priority')} />
            <TextInput label="Category" placeholder="e.g. billing" {...form.getInputProps('category')} />
            <TextInput label="Due" type="datetime-local" {...form.getInputProps('due_at')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <SelectField label="Assignee" placeholder="Unassigned" data={directory.agentOptions} clearable {...form.getInputProps('assignee_id')} />
            {directory.canReadUsers ? (
              <SelectField label="Team" placeholder="No team" data={directory.teamOptions} clearable {...form.getInputProps('team_id')} />
            ) : null}
          </SimpleGrid>
          <MultiSelect label="Tags" placeholder="Pick tags" data={directory.tagOptions} searchable clearable {...form.getInputProps('tag_ids')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create ticket
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
