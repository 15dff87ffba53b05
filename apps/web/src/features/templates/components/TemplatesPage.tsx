import { ActionIcon, Badge, Button, Group, SegmentedControl, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Template } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useDeleteTemplate } from '../api/deleteTemplate';
import { useTemplates } from '../api/getTemplates';
import { TemplateFormModal } from './TemplateFormModal';
import { KIND_LABELS } from './templateOptions';

export function TemplatesPage() {
  const canWrite = useCan('tickets:write');
  const [kind, setKind] = useState<'all' | 'reply' | 'ticket'>('all');
  const { q, setQ, page, pageSize, setPage, pagination } = useListState();
  const [modal, setModal] = useState<{ template: Template | null } | null>(null);
  const templates = useTemplates({ kind: kind === 'all' ? undefined : kind, q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Template>({ mutation: useDeleteTemplate(), onDeleted: (deleted) => notifySuccess('Template deleted', deleted.name) });

  const columns: Column<Template>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <Text size="sm" fw={500}>
          {t.name}
        </Text>
      ),
    },
    {
      key: 'kind',
      header: 'Kind',
      render: (t) => (
        <Badge variant="light" color={t.kind === 'reply' ? 'blue' : 'grape'} tt="none">
          {KIND_LABELS[t.kind]}
        </Badge>
      ),
    },
    { key: 'format', header: 'Format', render: (t) => <Text size="sm">{t.format === 'html' ? 'HTML' : 'Plain text'}</Text> },
    {
      key: 'subject',
      header: 'Subject',
      render: (t) => (
        <Text size="sm" c={t.subject ? undefined : 'dimmed'} lineClamp={1}>
          {t.subject ?? '—'}
        </Text>
      ),
    },
    { key: 'updated', header: 'Updated', render: (t) => <Text size="sm">{formatDateTime(t.updated_at)}</Text> },
  ];
  if (canWrite)
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (t) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label={`Edit ${t.name}`} onClick={() => setModal({ template: t })}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label={`Delete ${t.name}`} onClick={() => deletion.ask(t)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ),
    });

  return (
    <Stack gap={0}>
      <PageHeader
        title="Templates"
        description="Canned responses for replies and templates for new tickets, with variables such as {{requester.name}}."
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setModal({ template: null })}>
              New template
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm">
        <SegmentedControl
          aria-label="Kind"
          value={kind}
          onChange={(v) => {
            setKind(v as typeof kind);
            setPage(1);
          }}
          data={[
            { value: 'all', label: 'All' },
            { value: 'reply', label: 'Replies' },
            { value: 'ticket', label: 'New tickets' },
          ]}
        />
        <SearchInput value={q} placeholder="Template name" onChange={setQ} />
      </Group>
      {templates.isError ? <QueryError error={templates.error} onRetry={() => templates.refetch()} /> : null}
      <DataTable
        label="Templates"
        testId="templates-table"
        columns={columns}
        rows={templates.data?.data}
        rowKey={(t) => t.id}
        rowTestId={(t) => `template-row-${t.name}`}
        loading={templates.isFetching && !templates.data}
        emptyText={q || kind !== 'all' ? 'No template matches.' : 'No templates yet.'}
        pagination={pagination(templates.data?.meta.total ?? 0)}
      />
      <TemplateFormModal opened={Boolean(modal)} template={modal?.template ?? null} onClose={() => setModal(null)} />
      <ConfirmDelete {...deletion.dialog} what={`the template "${deletion.target?.name ?? ''}"`} />
    </Stack>
  );
}
