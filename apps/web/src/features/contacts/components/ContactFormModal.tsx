import { Button, Group, Modal, MultiSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { type Contact, CreateContactBody } from '@switchboard/shared';
import { useEffect } from 'react';
import { FormErrorAlert } from '../../../components/ui/FormErrorAlert';
import { blankToNull, useFormError, zodValidate } from '../../../lib/forms';
import { notifySuccess } from '../../../lib/notices';
import { useCreateContact } from '../api/createContact';
import { useTagOptions } from '../api/getTagOptions';
import { useTagContact } from '../api/tagContact';
import { useUntagContact } from '../api/untagContact';
import { useUpdateContact } from '../api/updateContact';

interface Values {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  company: string;
  notes: string;
  tag_ids: string[];
}

const empty: Values = { first_name: '', last_name: '', email: '', phone: '', company: '', notes: '', tag_ids: [] };

const toValues = (c: Contact): Values => ({
  first_name: c.first_name,
  last_name: c.last_name ?? '',
  email: c.email ?? '',
  phone: c.phone ?? '',
  company: c.company ?? '',
  notes: c.notes ?? '',
  tag_ids: c.tags.map((t) => t.id),
});

const toBody = (v: Values) => ({
  first_name: v.first_name,
  last_name: blankToNull(v.last_name),
  email: blankToNull(v.email),
  phone: blankToNull(v.phone),
  company: blankToNull(v.company),
  notes: blankToNull(v.notes),
  tag_ids: v.tag_ids,
});

/** Create (contact = null) or edit a contact. On edit, tag changes go through the tag/untag endpoints. */
export function ContactFormModal({ opened, contact, onClose }: { opened: boolean; contact: Contact | null; onClose: () => void }) {
  const create = useCreateContact();
  const update = useUpdateContact();
  const tag = useTagContact();
  const untag = useUntagContact();
  const tags = useTagOptions(opened);
  const form = useForm<Values>({ mode: 'controlled', initialValues: empty, validate: zodValidate(CreateContactBody, toBody) });
  const formError = useFormError(form);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened for another contact
  useEffect(() => {
    if (opened) {
      form.setValues(contact ? toValues(contact) : empty);
      form.clearErrors();
      formError.clear();
    }
  }, [opened, contact?.id]);

  const submit = form.onSubmit(async (values) => {
    formError.clear();
    const body = CreateContactBody.parse(toBody(values));
    try {
      if (contact) {
        const { tag_ids, ...fields } = body;
        await update.mutateAsync({ id: contact.id, body: fields });
        const before = new Set(contact.tags.map((t) => t.id));
        const after = new Set(tag_ids ?? []);
        for (const id of after) if (!before.has(id)) await tag.mutateAsync({ contactId: contact.id, tagId: id });
        for (const id of before) if (!after.has(id)) await untag.mutateAsync({ contactId: contact.id, tagId: id });
        notifySuccess('Contact updated', `${body.first_name} ${body.last_name ?? ''}`.trim());
      } else {
        await create.mutateAsync(body);
        notifySuccess('Contact created', `${body.first_name} ${body.last_name ?? ''}`.trim());
      }
      onClose();
    } catch (e) {
      formError.handle(e);
    }
  });

  const tagData = (tags.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  // Keep tags the contact has even if they are beyond the first page of options.
  for (const t of contact?.tags ?? []) if (!tagData.some((d) => d.value === t.id)) tagData.push({ value: t.id, label: t.name });

  return (
    <Modal opened={opened} onClose={onClose} title={contact ? 'Edit contact' : 'New contact'} centered size="lg">
      <form onSubmit={submit} noValidate data-testid="contact-form">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="First name" required data-autofocus {...form.getInputProps('first_name')} />
            <TextInput label="Last name" {...form.getInputProps('last_name')} />
            <TextInput label="Email" type="email" {...form.getInputProps('email')} />
            <TextInput label="Phone" placeholder="+1 555 0100" {...form.getInputProps('phone')} />
          </SimpleGrid>
          <TextInput label="Company" {...form.getInputProps('company')} />
          <MultiSelect
            label="Tags"
            placeholder="Pick tags"
            data={tagData}
            searchable
            clearable
            nothingFoundMessage="No tags — create them on the Tags page"
            {...form.getInputProps('tag_ids')}
          />
          <Textarea label="Notes" autosize minRows={3} maxRows={8} {...form.getInputProps('notes')} />
          <FormErrorAlert error={formError.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending || tag.isPending || untag.isPending}>
              {contact ? 'Save' : 'Create contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
