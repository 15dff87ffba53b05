import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { SLA_PRIORITIES, type SlaPolicy } from '@switchboard/shared';
import { Link, useNavigate } from 'react-router';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { formatMinutes } from '../../../lib/format';
import { useCan } from '../../../lib/session';
import { useScheduleOptions } from '../api/getScheduleOptions';
import { useSlaPolicies } from '../api/getSlaPolicies';

export function SlaPoliciesPage() {
  const navigate = useNavigate();
  const canWrite = useCan('tenant:settings');
  const canReadSchedules = useCan('telephony:read');
  const { q, setQ, page, pageSize, pagination } = useListState();
  const policies = useSlaPolicies({ q: q || undefined, page, page_size: pageSize });
  const schedules = useScheduleOptions(canReadSchedules);
  const scheduleName = (id: string | null) => schedules.data?.data.find((s) => s.id === id)?.name ?? 'a calendar';

  const columns: Column<SlaPolicy>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (p) => (
        <Group gap="xs">
          <Anchor component={Link} to={`/helpdesk/sla-policies/${p.id}`} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
            {p.name}
          </Anchor>
          {p.is_default ? (
            <Badge size="sm" variant="light" color="teal" tt="none">
              Default
            </Badge>
          ) : null}
        </Group>
      ),
    },
    {
      key: 'clock',
      header: 'Clocks run',
      render: (p) => <Text size="sm">{p.business_hours ? `Business hours (${scheduleName(p.schedule_id)})` : '24/7'}</Text>,
    },
    ...SLA_PRIORITIES.map(
      (pr): Column<SlaPolicy> => ({
        key: pr,
        header: pr.charAt(0).toUpperCase() + pr.slice(1),
        render: (p) => (
          <Text size="xs">
            {formatMinutes(p.targets[pr].first_response_minutes)} / {formatMinutes(p.targets[pr].resolution_minutes)}
          </Text>
        ),
      }),
    ),
  ];

  return (
    <Stack gap={0}>
      <PageHeader
        title="SLA policies"
        description="First response and resolution targets per priority (shown as first response / resolution), on business hours or 24/7."
        actions={
          canWrite ? (
            <Button component={Link} to="/helpdesk/sla-policies/new" leftSection={<IconPlus size={16} />}>
              New SLA policy
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Policy name" onChange={setQ} />
      </Group>
      {policies.isError ? <QueryError error={policies.error} onRetry={() => policies.refetch()} /> : null}
      <DataTable
        label="SLA policies"
        testId="sla-policies-table"
        columns={columns}
        rows={policies.data?.data}
        rowKey={(p) => p.id}
        rowTestId={(p) => `sla-policy-row-${p.name}`}
        onRowClick={(p) => navigate(`/helpdesk/sla-policies/${p.id}`)}
        loading={policies.isFetching && !policies.data}
        emptyText={q ? 'No policy matches.' : 'No SLA policies yet: tickets have no SLA clocks.'}
        pagination={pagination(policies.data?.meta.total ?? 0)}
      />
    </Stack>
  );
}
