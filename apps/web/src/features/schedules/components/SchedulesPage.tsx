import { ActionIcon, Anchor, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Schedule } from '@switchboard/shared';
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
import { useDeleteSchedule } from '../api/deleteSchedule';
import { useSchedules } from '../api/getSchedules';
import { weeklySummary } from '../../../components/schedule/weeklySummary';

export function SchedulesPage() {
  const canManage = useCan('telephony:manage');
  const navigate = useNavigate();
  const { q, setQ, page, pageSize, pagination } = useListState();
  const schedules = useSchedules({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Schedule>({ mutation: useDeleteSchedule(), onDeleted: (deleted) => notifySuccess('Schedule deleted', deleted.name) });

  const columns: Column<Schedule>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (s) => (
        <Anchor component={Link} to={`/telephony/schedules/${s.id}`} size="sm" fw={500}>
          {s.name}
        </Anchor>
      ),
    },
    { key: 'timezone', header: 'Time zone', render: (s) => <Text size="sm">{s.timezone}</Text> },
    { key: 'hours', header: 'Open hours', render: (s) => <Text size="sm">{weeklySummary(s.weekly)}</Text> },
    {
      key: 'closed',
      header: 'Closed days',
      render: (s) => (
        <Text size="sm" c={s.holidays.length + s.closures.length ? undefined : 'dimmed'}>
          {s.holidays.length} holiday{s.holidays.length === 1 ? '' : 's'}, {s.closures.length} closure{s.closures.length === 1 ? '' : 's'}
        </Text>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (s) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon
              variant="subtle"
              aria-label="Edit schedule"
              data-testid={`edit-schedule-${s.name}`}
              onClick={() => navigate(`/telephony/schedules/${s.id}`)}
            >
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete schedule" data-testid={`delete-schedule-${s.name}`} onClick={() => deletion.ask(s)}>
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
        title="Schedules"
        description="Opening hours, holidays and closures that phone numbers route on."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/telephony/schedules/new">
              New schedule
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search schedules" onChange={setQ} />
      </Group>
      {schedules.isError ? <QueryError error={schedules.error} onRetry={() => schedules.refetch()} /> : null}
      <DataTable
        label="Schedules"
        testId="schedules-table"
        columns={columns}
        rows={schedules.data?.data}
        rowKey={(s) => s.id}
        rowTestId={(s) => `schedule-row-${s.name}`}
        loading={schedules.isFetching && !schedules.data}
        emptyText={q ? 'No schedules match.' : 'No schedules yet. Without one, a number is always open.'}
        pagination={pagination(schedules.data?.meta.total ?? 0)}
      />
      <ConfirmDelete {...deletion.dialog} what={`the schedule "${deletion.target?.name ?? ''}"`} />
    </Stack>
  );
}
