import { ActionIcon, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconPencil, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import type { Contact } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { SelectField } from '../../../components/ui/SelectField';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useDeleteContact } from '../api/deleteContact';
import { useExportContacts } from '../api/exportContacts';
import { useContacts } from '../api/getContacts';
import { useTagOptions } from '../api/getTagOptions';
import { ContactFormModal } from './ContactFormModal';
import { ContactTags } from './ContactTags';
import { ImportContactsModal } from './ImportContactsModal';

const SORT_OPTIONS = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-created_at', label: 'Newest first' },
  { value: '-updated_at', label: 'Recently updated' },
];

const fullName = (c: Contact) => `${c.first_name} ${c.last_name ?? ''}`.trim();

export function ContactsPage() {
  const canWrite = useCan('contacts:write');
  const [tagId, setTagId] = useState<string | null>(null);
  const [sort, setSort] = useState('name');
  const { q, setQ, page, pageSize, setPage, pagination } = useListState();
  const [modal, setModal] = useState<{ contact: Contact | null } | null>(null);
  const [importing, setImporting] = useState(false);

  const contacts = useContacts({ q: q || undefined, tag_id: tagId ?? undefined, sort, page, page_size: pageSize });
  const tagOptions = useTagOptions();
  const deletion = useDeleteConfirm<Contact>({
    mutation: useDeleteContact(),
    onDeleted: (deleted) => notifySuccess('Contact deleted', fullName(deleted)),
    onError: (e) => notifyError(e, 'Could not delete the contact'),
  });
  const exportContacts = useExportContacts();

  const columns: Column<Contact>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (c) => (
        <Text size="sm" fw={500}>
          {fullName(c)}
        </Text>
      ),
    },
    { key: 'email', header: 'Email', render: (c) => <Text size="sm">{c.email ?? '—'}</Text> },
    { key: 'phone', header: 'Phone', render: (c) => <Text size="sm">{c.phone ?? '—'}</Text> },
    { key: 'company', header: 'Company', render: (c) => <Text size="sm">{c.company ?? '—'}</Text> },
    { key: 'tags', header: 'Tags', render: (c) => <ContactTags contact={c} editable={canWrite} /> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (c) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit contact" data-testid={`edit-contact-${c.id}`} onClick={() => setModal({ contact: c })}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete contact" data-testid={`delete-contact-${c.id}`} onClick={() => deletion.ask(c)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ),
    });
  }

  return (
    <Stack gap={0}>
      <PageHeader
        title="Contacts"
        description="Customers, callers and visitors."
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exportContacts.isPending}
              onClick={() =>
                exportContacts.mutate(undefined, {
                  onSuccess: () => notifySuccess('Export ready', 'The CSV file was downloaded.'),
                  onError: (e) => notifyError(e, 'Export failed'),
                })
              }
            >
              Export CSV
            </Button>
            {canWrite ? (
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)}>
                Import CSV
              </Button>
            ) : null}
            {canWrite ? (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setModal({ contact: null })}>
                New contact
              </Button>
            ) : null}
          </>
        }
      />
      <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
        <SearchInput value={q} placeholder="Name, email, phone, company" onChange={setQ} />
        <SelectField
          label="With tag"
          placeholder="Any tag"
          data={(tagOptions.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
          value={tagId}
          clearable
          w={180}
          onChange={(v) => {
            setTagId(v);
            setPage(1);
          }}
        />
        <SelectField label="Sort" data={SORT_OPTIONS} value={sort} w={170} onChange={(v) => v && setSort(v)} />
      </Group>
      {contacts.isError ? <QueryError error={contacts.error} onRetry={() => contacts.refetch()} /> : null}
      <DataTable
        label="Contacts"
        testId="contacts-table"
        columns={columns}
        rows={contacts.data?.data}
        rowKey={(c) => c.id}
        loading={contacts.isFetching && !contacts.data}
        emptyText={q || tagId ? 'No contacts match the filters.' : 'No contacts yet. Add one or import a CSV file.'}
        pagination={pagination(contacts.data?.meta.total ?? 0)}
      />
      <ContactFormModal opened={Boolean(modal)} contact={modal?.contact ?? null} onClose={() => setModal(null)} />
      <ImportContactsModal opened={importing} onClose={() => setImporting(false)} />
      <ConfirmDelete {...deletion.dialog} what={`the contact ${deletion.target ? fullName(deletion.target) : ''}`} />
    </Stack>
  );
}
