import { ActionIcon, Anchor, Badge, Button, CopyButton, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCode, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Widget } from '@switchboard/shared';
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
import { useDeleteWidget } from '../api/deleteWidget';
import { useWidgets } from '../api/getWidgets';

/** Chat widgets: what websites embed. */
export function WidgetsPage() {
  const canManage = useCan('chat:manage');
  const navigate = useNavigate();
  const { q, setQ, page, pageSize, pagination } = useListState();
  const widgets = useWidgets({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Widget>({ mutation: useDeleteWidget(), onDeleted: (deleted) => notifySuccess('Widget deleted', deleted.name) });

  const columns: Column<Widget>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (w) => (
        <Anchor component={Link} to={`/chat/widgets/${w.id}`} size="sm" fw={500}>
          {w.name}
        </Anchor>
      ),
    },
    {
      key: 'enabled',
      header: 'Status',
      render: (w) => (
        <Badge variant="light" color={w.enabled ? 'teal' : 'gray'}>
          {w.enabled ? 'On' : 'Off'}
        </Badge>
      ),
    },
    {
      key: 'domains',
      header: 'Allowed domains',
      render: (w) => (
        <Text size="sm" c={w.allowed_domains.length ? undefined : 'dimmed'}>
          {w.allowed_domains.length ? w.allowed_domains.join(', ') : 'Any website'}
        </Text>
      ),
    },
    { key: 'locale', header: 'Language', render: (w) => <Text size="sm">{w.locale}</Text> },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (w) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <CopyButton value={w.embed_snippet}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the embed snippet'}>
                <ActionIcon variant="subtle" aria-label={`Copy the embed snippet of ${w.name}`} onClick={copy} color={copied ? 'teal' : undefined}>
                  {copied ? <IconCheck size={16} /> : <IconCode size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
          {canManage ? (
            <>
              <Tooltip label="Edit">
                <ActionIcon variant="subtle" aria-label={`Edit ${w.name}`} onClick={() => navigate(`/chat/widgets/${w.id}`)}>
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Delete">
                <ActionIcon variant="subtle" color="red" aria-label={`Delete ${w.name}`} onClick={() => deletion.ask(w)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </>
          ) : null}
        </Group>
      ),
    },
  ];

  return (
    <Stack gap={0}>
      <PageHeader
        title="Chat widgets"
        description="A widget is what a website embeds with one script tag: its looks, who answers, when, and on which sites."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/chat/widgets/new">
              New widget
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search widgets" onChange={setQ} />
      </Group>
      {widgets.isError ? <QueryError error={widgets.error} onRetry={() => widgets.refetch()} /> : null}
      <DataTable
        label="Chat widgets"
        testId="widgets-table"
        columns={columns}
        rows={widgets.data?.data}
        rowKey={(w) => w.id}
        rowTestId={(w) => `widget-row-${w.name}`}
        loading={widgets.isFetching && !widgets.data}
        emptyText={q ? 'No widgets match.' : 'No widgets yet.'}
        pagination={pagination(widgets.data?.meta.total ?? 0)}
      />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the widget "${deletion.target?.name ?? ''}"`}
        extra=" Websites embedding it stop showing the chat; past chats stay."
      />
    </Stack>
  );
}
