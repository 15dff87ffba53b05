import { ActionIcon, Anchor, Badge, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { IvrMenu } from '@switchboard/shared';
import { Link, useNavigate } from 'react-router';
import { DestinationText } from '../../../components/destination/DestinationText';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useDeleteIvrMenu } from '../api/deleteIvrMenu';
import { useIvrMenus } from '../api/getIvrMenus';

export function IvrMenusPage() {
  const canManage = useCan('telephony:manage');
  const navigate = useNavigate();
  const { q, setQ, page, pageSize, pagination } = useListState();
  const menus = useIvrMenus({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<IvrMenu>({ mutation: useDeleteIvrMenu(), onDeleted: (deleted) => notifySuccess('Menu deleted', deleted.name) });

  const columns: Column<IvrMenu>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (m) => (
        <Anchor component={Link} to={`/telephony/ivr/${m.id}`} size="sm" fw={500}>
          {m.name}
        </Anchor>
      ),
    },
    {
      key: 'greeting',
      header: 'Greeting',
      render: (m) =>
        m.greeting_audio ? (
          <Badge size="sm" variant="light" color="teal" tt="none">
            Audio
          </Badge>
        ) : m.greeting_text ? (
          <Text size="sm" truncate maw={240} title={m.greeting_text}>
            “{m.greeting_text}”
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        ),
    },
    {
      key: 'keys',
      header: 'Keys',
      render: (m) => (
        <Group gap={4}>
          {m.options.length ? (
            m.options.map((o) => (
              <Badge key={o.digit} size="sm" variant="filled" color="dark" radius="sm">
                {o.digit}
              </Badge>
            ))
          ) : (
            <Text size="sm" c="dimmed">
              None
            </Text>
          )}
        </Group>
      ),
    },
    { key: 'timeout', header: 'No key', render: (m) => <DestinationText destination={m.timeout} empty="Hang up" /> },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (m) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit menu" data-testid={`edit-ivr-${m.name}`} onClick={() => navigate(`/telephony/ivr/${m.id}`)}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete menu" data-testid={`delete-ivr-${m.name}`} onClick={() => deletion.ask(m)}>
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
        title="IVR menus"
        description="Menus that greet callers and send them on by the key they press."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/telephony/ivr/new">
              New menu
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search menus" onChange={setQ} />
      </Group>
      {menus.isError ? <QueryError error={menus.error} onRetry={() => menus.refetch()} /> : null}
      <DataTable
        label="IVR menus"
        testId="ivr-table"
        columns={columns}
        rows={menus.data?.data}
        rowKey={(m) => m.id}
        rowTestId={(m) => `ivr-row-${m.name}`}
        loading={menus.isFetching && !menus.data}
        emptyText={q ? 'No menus match.' : 'No IVR menus yet.'}
        pagination={pagination(menus.data?.meta.total ?? 0)}
      />
      <ConfirmDelete {...deletion.dialog} what={`the menu "${deletion.target?.name ?? ''}"`} />
    </Stack>
  );
}
