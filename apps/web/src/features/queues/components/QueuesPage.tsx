import { ActionIcon, Anchor, Badge, Button, Code, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Queue } from '@switchboard/shared';
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
import { useDeleteQueue } from '../api/deleteQueue';
import { useQueues } from '../api/getQueues';
import { STRATEGY_LABELS } from './queueOptions';

export function QueuesPage() {
  const canManage = useCan('queues:manage');
  const navigate = useNavigate();
  const { q, setQ, page, pageSize, pagination } = useListState();
  const queues = useQueues({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Queue>({ mutation: useDeleteQueue(), onDeleted: (deleted) => notifySuccess('Queue deleted', deleted.name) });

  const columns: Column<Queue>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (x) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/telephony/queues/${x.id}`} size="sm" fw={500}>
            {x.name}
          </Anchor>
          <Code fz="xs" bg="transparent" p={0}>
            {x.asterisk_name}
          </Code>
        </Stack>
      ),
    },
    { key: 'strategy', header: 'Strategy', render: (x) => <Text size="sm">{STRATEGY_LABELS[x.strategy]}</Text> },
    {
      key: 'members',
      header: 'Members',
      render: (x) => (
        <Badge variant="light" color={x.member_count ? 'blue' : 'gray'}>
          {x.member_count}
        </Badge>
      ),
    },
    { key: 'wait', header: 'Max wait', render: (x) => <Text size="sm">{x.max_wait ? `${x.max_wait} s` : 'No limit'}</Text> },
    { key: 'overflow', header: 'Overflow', render: (x) => <DestinationText destination={x.overflow} empty="Hang up" /> },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (x) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit queue" data-testid={`edit-queue-${x.name}`} onClick={() => navigate(`/telephony/queues/${x.id}`)}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete queue" data-testid={`delete-queue-${x.name}`} onClick={() => deletion.ask(x)}>
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
        title="Queues"
        description="Callers wait in a queue until a member (an extension) answers."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/telephony/queues/new">
              New queue
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search queues" onChange={setQ} />
      </Group>
      {queues.isError ? <QueryError error={queues.error} onRetry={() => queues.refetch()} /> : null}
      <DataTable
        label="Queues"
        testId="queues-table"
        columns={columns}
        rows={queues.data?.data}
        rowKey={(x) => x.id}
        rowTestId={(x) => `queue-row-${x.name}`}
        loading={queues.isFetching && !queues.data}
        emptyText={q ? 'No queues match.' : 'No queues yet.'}
        pagination={pagination(queues.data?.meta.total ?? 0)}
      />
      <ConfirmDelete {...deletion.dialog} what={`the queue "${deletion.target?.name ?? ''}"`} extra=" Its members are taken out of it." />
    </Stack>
  );
}
