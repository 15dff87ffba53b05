import { ActionIcon, Anchor, Badge, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Extension } from '@switchboard/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import type { ExtensionWithPasswordT } from '../api/createExtension';
import { useDeleteExtension } from '../api/deleteExtension';
import { useExtensions } from '../api/getExtensions';
import { CreateExtensionModal } from './CreateExtensionModal';
import { outboundLabel } from './extensionForm';
import { RegistrationStatus } from './RegistrationStatus';
import { SipPasswordModal } from './SipPasswordModal';

export function ExtensionsPage() {
  const canManage = useCan('telephony:manage');
  const navigate = useNavigate();
  const { q, setQ, page, pageSize, pagination } = useListState();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ExtensionWithPasswordT | null>(null);
  const extensions = useExtensions({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Extension>({
    mutation: useDeleteExtension(),
    onDeleted: (deleted) => notifySuccess('Extension deleted', `${deleted.number} · ${deleted.display_name}`),
  });

  const columns: Column<Extension>[] = [
    {
      key: 'number',
      header: 'Number',
      render: (e) => (
        <Anchor component={Link} to={`/telephony/extensions/${e.id}`} size="sm" fw={600} ff="monospace">
          {e.number}
        </Anchor>
      ),
    },
    { key: 'name', header: 'Name', render: (e) => <Text size="sm">{e.display_name}</Text> },
    {
      key: 'user',
      header: 'User',
      render: (e) =>
        e.user ? (
          <Text size="sm">{e.user.name}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    { key: 'status', header: 'Registration', render: (e) => <RegistrationStatus extension={e} /> },
    {
      key: 'contacts',
      header: 'Devices',
      render: (e) =>
        e.contacts.length ? (
          <Stack gap={0}>
            {e.contacts.map((c) => (
              <Text key={c.uri} size="xs" truncate maw={260}>
                {c.user_agent ?? 'Unknown phone'} · {c.via_address ?? '?'}
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            None
          </Text>
        ),
    },
    {
      key: 'options',
      header: 'Options',
      render: (e) => (
        <Group gap={4}>
          {e.webrtc ? (
            <Badge size="sm" variant="light" color="grape">
              WebRTC
            </Badge>
          ) : null}
          {e.recording ? (
            <Badge size="sm" variant="light" color="red">
              Recorded
            </Badge>
          ) : null}
          <Badge size="sm" variant="light" color="gray" tt="none">
            Out: {outboundLabel(e.outbound_permission)}
          </Badge>
        </Group>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (e) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon
              variant="subtle"
              aria-label="Edit extension"
              data-testid={`edit-extension-${e.number}`}
              onClick={() => navigate(`/telephony/extensions/${e.id}`)}
            >
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete extension" data-testid={`delete-extension-${e.number}`} onClick={() => deletion.ask(e)}>
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
        title="Extensions"
        description="Phones and softphones of your organization, with their registrations."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New extension
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search by number or name" onChange={setQ} />
      </Group>
      {extensions.isError ? <QueryError error={extensions.error} onRetry={() => extensions.refetch()} /> : null}
      <DataTable
        label="Extensions"
        testId="extensions-table"
        columns={columns}
        rows={extensions.data?.data}
        rowKey={(e) => e.id}
        rowTestId={(e) => `extension-row-${e.number}`}
        loading={extensions.isFetching && !extensions.data}
        emptyText={q ? 'No extensions match.' : 'No extensions yet.'}
        pagination={pagination(extensions.data?.meta.total ?? 0)}
      />
      <CreateExtensionModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(e) => {
          setCreating(false);
          setCreated(e);
        }}
      />
      <SipPasswordModal extension={created} onClose={() => setCreated(null)} />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the extension ${deletion.target?.number ?? ''} (${deletion.target?.display_name ?? ''})`}
        extra=" Its phones are signed out and it leaves its queues."
      />
    </Stack>
  );
}
