import { ActionIcon, Badge, Button, ColorSwatch, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Tag } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { formatDate } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useDeleteTag } from '../api/deleteTag';
import { useTags } from '../api/getTags';
import { TagFormModal } from './TagFormModal';

export function TagsPage() {
  const canWrite = useCan('tags:write');
  const { q, setQ, page, pageSize, pagination } = useListState();
  const [modal, setModal] = useState<{ tag: Tag | null } | null>(null);
  const tags = useTags({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Tag>({
    mutation: useDeleteTag(),
    onDeleted: (deleted) => notifySuccess('Tag deleted', deleted.name),
    onError: (e) => notifyError(e, 'Could not delete the tag'),
  });

  const columns: Column<Tag>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <Badge color={t.color ?? 'gray'} variant="light" tt="none" size="lg">
          {t.name}
        </Badge>
      ),
    },
    {
      key: 'color',
      header: 'Color',
      render: (t) =>
        t.color ? (
          <Group gap={6}>
            <ColorSwatch color={t.color} size={16} />
            <Text size="sm" ff="monospace">
              {t.color}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Default
          </Text>
        ),
    },
    { key: 'created', header: 'Created', render: (t) => <Text size="sm">{formatDate(t.created_at)}</Text> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (t) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit tag" data-testid={`edit-tag-${t.name}`} onClick={() => setModal({ tag: t })}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete tag" data-testid={`delete-tag-${t.name}`} onClick={() => deletion.ask(t)}>
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
        title="Tags"
        description="Labels for contacts (and, later, tickets)."
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setModal({ tag: null })}>
              New tag
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search tags" onChange={setQ} />
      </Group>
      {tags.isError ? <QueryError error={tags.error} onRetry={() => tags.refetch()} /> : null}
      <DataTable
        label="Tags"
        testId="tags-table"
        columns={columns}
        rows={tags.data?.data}
        rowKey={(t) => t.id}
        loading={tags.isFetching && !tags.data}
        emptyText={q ? 'No tags match.' : 'No tags yet.'}
        pagination={pagination(tags.data?.meta.total ?? 0)}
      />
      <TagFormModal opened={Boolean(modal)} tag={modal?.tag ?? null} onClose={() => setModal(null)} />
      <ConfirmDelete {...deletion.dialog} what={`the tag "${deletion.target?.name ?? ''}"`} extra=" It is removed from every contact that has it." />
    </Stack>
  );
}
