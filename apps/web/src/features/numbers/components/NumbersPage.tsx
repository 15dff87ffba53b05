import { ActionIcon, Anchor, Badge, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { PhoneNumber } from '@switchboard/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { DestinationText } from '../../../components/destination/DestinationText';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { SelectField } from '../../../components/ui/SelectField';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { humanize } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notices';
import { featureOn } from '../../../lib/permissions';
import { useCan, useMe } from '../../../lib/session';
import { useDeleteNumber } from '../api/deleteNumber';
import { useNumbers } from '../api/getNumbers';
import { useScheduleOptions } from '../api/getScheduleOptions';
import { STATUS_COLORS, STATUS_OPTIONS } from './numberOptions';

export function NumbersPage() {
  const canManage = useCan('telephony:manage');
  const { data: me } = useMe();
  const sms = featureOn(me, 'sms');
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | null>(null);
  const { q, setQ, page, pageSize, setPage, pagination } = useListState();
  const numbers = useNumbers({ q: q || undefined, status: status ?? undefined, page, page_size: pageSize });
  const schedules = useScheduleOptions();
  const deletion = useDeleteConfirm<PhoneNumber>({ mutation: useDeleteNumber(), onDeleted: (deleted) => notifySuccess('Number deleted', deleted.e164) });
  const scheduleName = (id: string | null) => (id ? (schedules.data?.data.find((s) => s.id === id)?.name ?? '…') : null);

  const columns: Column<PhoneNumber>[] = [
    {
      key: 'number',
      header: 'Number',
      render: (n) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/telephony/numbers/${n.id}`} size="sm" fw={600} ff="monospace">
            {n.e164}
          </Anchor>
          {n.description ? (
            <Text size="xs" c="dimmed" truncate maw={240}>
              {n.description}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (n) => (
        <Badge variant="dot" color={STATUS_COLORS[n.status] ?? 'gray'}>
          {humanize(n.status)}
        </Badge>
      ),
    },
    { key: 'open', header: 'When open', render: (n) => <DestinationText destination={n.routing.open} /> },
    {
      key: 'schedule',
      header: 'Schedule',
      render: (n) => (
        <Text size="sm" c={n.routing.schedule_id ? undefined : 'dimmed'}>
          {scheduleName(n.routing.schedule_id) ?? 'Always open'}
        </Text>
      ),
    },
    {
      key: 'closed',
      header: 'When closed',
      render: (n) =>
        n.routing.schedule_id ? (
          <DestinationText destination={n.routing.closed} empty="Hang up" />
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
  ];
  if (sms) {
    columns.push({
      key: 'sms',
      header: 'SMS',
      render: (n) => (
        <Badge size="sm" variant="light" color={n.sms_enabled ? 'teal' : 'gray'}>
          {n.sms_enabled ? 'On' : 'Off'}
        </Badge>
      ),
    });
  }
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (n) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit number" data-testid={`edit-number-${n.e164}`} onClick={() => navigate(`/telephony/numbers/${n.id}`)}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete number" data-testid={`delete-number-${n.e164}`} onClick={() => deletion.ask(n)}>
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
        title="Phone numbers"
        description="Numbers (DIDs) of your organization and where their calls go."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/telephony/numbers/new">
              New number
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
        <SearchInput value={q} placeholder="Search numbers" onChange={setQ} />
        <SelectField
          label="Status filter"
          placeholder="Any"
          data={STATUS_OPTIONS}
          value={status}
          clearable
          w={150}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
      </Group>
      {numbers.isError ? <QueryError error={numbers.error} onRetry={() => numbers.refetch()} /> : null}
      <DataTable
        label="Numbers"
        testId="numbers-table"
        columns={columns}
        rows={numbers.data?.data}
        rowKey={(n) => n.id}
        rowTestId={(n) => `number-row-${n.e164}`}
        loading={numbers.isFetching && !numbers.data}
        emptyText={q || status ? 'No numbers match.' : 'No phone numbers yet.'}
        pagination={pagination(numbers.data?.meta.total ?? 0)}
      />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the number ${deletion.target?.e164 ?? ''}`}
        extra=" Its calls stop arriving here and the number becomes free."
      />
    </Stack>
  );
}
