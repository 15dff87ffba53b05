import { ActionIcon, Badge, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { VoicemailBox } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useDeleteVoicemailBox } from '../api/deleteVoicemailBox';
import { useVoicemailBoxes } from '../api/getVoicemailBoxes';
import { VoicemailFormModal } from './VoicemailFormModal';

export function VoicemailPage() {
  const canManage = useCan('telephony:manage');
  const { q, setQ, page, pageSize, pagination } = useListState();
  const [modal, setModal] = useState<{ box: VoicemailBox | null } | null>(null);
  const boxes = useVoicemailBoxes({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<VoicemailBox>({
    mutation: useDeleteVoicemailBox(),
    onDeleted: (deleted) => notifySuccess('Voicemail box deleted', `${deleted.mailbox} · ${deleted.name}`),
  });

  const columns: Column<VoicemailBox>[] = [
    {
      key: 'mailbox',
      header: 'Mailbox',
      render: (b) => (
        <Text size="sm" fw={600} ff="monospace">
          {b.mailbox}
        </Text>
      ),
    },
    { key: 'name', header: 'Owner', render: (b) => <Text size="sm">{b.name}</Text> },
    {
      key: 'email',
      header: 'Email',
      render: (b) =>
        b.email ? (
          <Stack gap={2}>
            <Text size="sm">{b.email}</Text>
            <Group gap={4}>
              {b.attach_audio ? (
                <Badge size="xs" variant="light" tt="none">
                  Audio attached
                </Badge>
              ) : null}
              {b.delete_after_email ? (
                <Badge size="xs" variant="light" color="orange" tt="none">
                  Deleted after email
                </Badge>
              ) : null}
            </Group>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No email
          </Text>
        ),
    },
    {
      key: 'greeting',
      header: 'Greeting',
      render: (b) => (
        <Badge size="sm" variant="light" color={b.greeting_audio ? 'teal' : 'gray'} tt="none">
          {b.greeting_audio ? 'Uploaded' : 'Default'}
        </Badge>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (b) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit voicemail box" data-testid={`edit-voicemail-${b.mailbox}`} onClick={() => setModal({ box: b })}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Delete voicemail box"
              data-testid={`delete-voicemail-${b.mailbox}`}
              onClick={() => deletion.ask(b)}
            >
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
        title="Voicemail"
        description="Voicemail boxes for extensions and for calls routed to voicemail."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setModal({ box: null })}>
              New voicemail box
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search mailbox, owner or email" onChange={setQ} />
      </Group>
      {boxes.isError ? <QueryError error={boxes.error} onRetry={() => boxes.refetch()} /> : null}
      <DataTable
        label="Voicemail boxes"
        testId="voicemail-table"
        columns={columns}
        rows={boxes.data?.data}
        rowKey={(b) => b.id}
        rowTestId={(b) => `voicemail-row-${b.mailbox}`}
        loading={boxes.isFetching && !boxes.data}
        emptyText={q ? 'No voicemail boxes match.' : 'No voicemail boxes yet.'}
        pagination={pagination(boxes.data?.meta.total ?? 0)}
      />
      <VoicemailFormModal opened={Boolean(modal)} box={modal?.box ?? null} onClose={() => setModal(null)} />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the voicemail box ${deletion.target?.mailbox ?? ''} (${deletion.target?.name ?? ''})`}
        extra=" Routes and extensions can no longer send callers to it."
      />
    </Stack>
  );
}
