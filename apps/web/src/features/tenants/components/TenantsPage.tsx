import { ActionIcon, Anchor, Badge, Button, Code, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconDoorEnter, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Tenant } from '@switchboard/shared';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { SelectField } from '../../../components/ui/SelectField';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { formatDate, humanize } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useMe, useSwitchTenant } from '../../../lib/session';
import { useDeleteTenant } from '../api/deleteTenant';
import { useTenants } from '../api/getTenants';
import { CreateTenantModal } from './CreateTenantModal';
import { STATUS_COLORS, STATUS_OPTIONS } from './tenantOptions';

const SORT_OPTIONS = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
];

export function TenantsPage() {
  const navigate = useNavigate();
  const { data: me } = useMe();
  const [status, setStatus] = useState<string | null>(null);
  const [sort, setSort] = useState('name');
  const { q, setQ, page, pageSize, setPage, pagination } = useListState();
  const [creating, setCreating] = useState(false);
  const tenants = useTenants({ q: q || undefined, status: status ?? undefined, sort, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Tenant>({
    mutation: useDeleteTenant(),
    onDeleted: (deleted) => notifySuccess('Tenant deleted', deleted.name),
    onError: (e) => notifyError(e, 'Could not delete the tenant'),
  });
  const switchTenant = useSwitchTenant();

  const columns: Column<Tenant>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <Anchor component={Link} to={`/tenants/${encodeURIComponent(t.id)}`} size="sm" fw={500}>
          {t.name}
        </Anchor>
      ),
    },
    { key: 'id', header: 'ID', render: (t) => <Code>{t.id}</Code> },
    {
      key: 'status',
      header: 'Status',
      render: (t) => (
        <Badge variant="light" color={STATUS_COLORS[t.status] ?? 'gray'}>
          {humanize(t.status)}
        </Badge>
      ),
    },
    { key: 'trial', header: 'Trial ends', render: (t) => <Text size="sm">{formatDate(t.trial_ends_at)}</Text> },
    { key: 'agents', header: 'Max agents', render: (t) => <Text size="sm">{t.limits?.max_agents ?? '∞'}</Text> },
    { key: 'created', header: 'Created', render: (t) => <Text size="sm">{formatDate(t.created_at)}</Text> },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (t) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Work inside this tenant">
            <ActionIcon
              variant="subtle"
              color="grape"
              aria-label="Enter tenant"
              data-testid={`enter-tenant-${t.id}`}
              disabled={t.id === me?.tenant?.id || switchTenant.isPending}
              onClick={() =>
                switchTenant.mutate(t.id, {
                  onSuccess: () => notifySuccess('Tenant switched', `Now working in ${t.name}`),
                  onError: (e) => notifyError(e, 'Could not enter the tenant'),
                })
              }
            >
              <IconDoorEnter size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Edit">
            <ActionIcon
              variant="subtle"
              aria-label="Edit tenant"
              data-testid={`edit-tenant-${t.id}`}
              component={Link}
              to={`/tenants/${encodeURIComponent(t.id)}`}
            >
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete tenant" data-testid={`delete-tenant-${t.id}`} onClick={() => deletion.ask(t)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ),
    },
  ];

  return (
    <Stack gap={0}>
      <PageHeader
        title="Tenants"
        description="Every company on the platform: status, trial, limits and features."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            New tenant
          </Button>
        }
      />
      <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
        <SearchInput value={q} placeholder="Name or ID" onChange={setQ} />
        <SelectField
          label="Filter by state"
          placeholder="Any"
          data={STATUS_OPTIONS}
          value={status}
          clearable
          w={160}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
        <SelectField label="Sort" data={SORT_OPTIONS} value={sort} w={160} onChange={(v) => v && setSort(v)} />
      </Group>
      {tenants.isError ? <QueryError error={tenants.error} onRetry={() => tenants.refetch()} /> : null}
      <DataTable
        label="Tenants"
        testId="tenants-table"
        columns={columns}
        rows={tenants.data?.data}
        rowKey={(t) => t.id}
        loading={tenants.isFetching && !tenants.data}
        emptyText={q || status ? 'No tenants match the filters.' : 'No tenants yet.'}
        pagination={pagination(tenants.data?.meta.total ?? 0)}
      />
      <CreateTenantModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/tenants/${encodeURIComponent(id)}`)} />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the tenant ${deletion.target?.name ?? ''} (${deletion.target?.id ?? ''})`}
        extra=" Its users can no longer sign in to it."
      />
    </Stack>
  );
}
