import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type Ticket, UpdateTicketBody } from '@switchboard/shared';
import { useEffect } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useUpdateTicket } from '../api/updateTicket';

interface Values {
  subject: string;
  description: string;
  category: string;
}

const toBody = (v: Values) => ({ subject: v.subject, description: blankToNull(v.description), category: blankToNull(v.category) });

/** Subject, description and category of a ticket. */
export function EditTicketModal({ opened, ticket, onClose }: { opened: boolean; ticket: Ticket; onClose: () => void }) {
  const update = useUpdateTicket();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { subject: '', description: '', category: '' },
    validate: zodValidate(UpdateTicketBody, toBody),
  });
  const formError = useFormError(form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: load the ticket when opened
  useEffect(() => {
    if (opened) {
      form.setValues({ subject: ticket.subject, description: ticket.description ?? '', category: ticket.category ?? '' });
      form.clearErrors();
      formError.clear();
    }
  }, [opened]);

  const submit = form.onSubmit(async (v) => {
    formError.clear();
    try {
      await update.mutateAsync({ id: ticket.id, body: UpdateTicketBody.parse(toBody(v)) });
      notifySuccess('Ticket saved', ticket.number);
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${ticket.number}`} centered size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Subject" required data-autofocus {...form.getInputProps('subject')} />
          <Textarea label="Description" autosize minRows={4} maxRows={12} {...form.getInputProps('description')} />
          <TextInput label="Category" {...form.getInputProps('category')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
