import { ActionIcon, Anchor, Badge, Button, Code, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Trunk } from '@switchboard/shared';
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
import { useDeleteTrunk } from '../api/deleteTrunk';
import { useTrunks } from '../api/getTrunks';
import { TrunkStatusBadge } from './TrunkStatusBadge';

export function TrunksPage() {
  const canManage = useCan('telephony:manage');
  const navigate = useNavigate();
  const { q, setQ, page, pageSize, pagination } = useListState();
  const trunks = useTrunks({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Trunk>({ mutation: useDeleteTrunk(), onDeleted: (deleted) => notifySuccess('Trunk deleted', deleted.name) });

  const columns: Column<Trunk>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (t) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/telephony/trunks/${t.id}`} size="sm" fw={500}>
            {t.name}
          </Anchor>
          <Code fz="xs" bg="transparent" p={0}>
            {t.endpoint}
          </Code>
        </Stack>
      ),
    },
    {
      key: 'host',
      header: 'Carrier',
      render: (t) => (
        <Text size="sm" ff="monospace">
          {t.transport}:{t.host}:{t.port}
        </Text>
      ),
    },
    {
      key: 'registration',
      header: 'Registration',
      render: (t) =>
        t.register ? (
          <Badge size="sm" variant="light" tt="none" color={t.registration_configured ? 'blue' : 'yellow'}>
            {t.registration_configured ? 'Registers' : 'Registration pending'}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            Off
          </Text>
        ),
    },
    {
      key: 'inbound',
      header: 'Inbound auth',
      render: (t) => (
        <Text size="sm">{t.inbound_auth === 'ip' ? `IP (${t.inbound_ips.length} address${t.inbound_ips.length === 1 ? '' : 'es'})` : 'Credentials'}</Text>
      ),
    },
    { key: 'codecs', header: 'Codecs', render: (t) => <Text size="sm">{t.codecs.join(', ')}</Text> },
    { key: 'status', header: 'Status', render: (t) => <TrunkStatusBadge status={t.status} /> },
  ];
  if (canManage) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (t) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit trunk" data-testid={`edit-trunk-${t.name}`} onClick={() => navigate(`/telephony/trunks/${t.id}`)}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label="Delete trunk" data-testid={`delete-trunk-${t.name}`} onClick={() => deletion.ask(t)}>
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
        title="SIP trunks"
        description="Connections to your carriers, for calls to and from the public network."
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/telephony/trunks/new">
              New trunk
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Search name or host" onChange={setQ} />
      </Group>
      {trunks.isError ? <QueryError error={trunks.error} onRetry={() => trunks.refetch()} /> : null}
      <DataTable
        label="Trunks"
        testId="trunks-table"
        columns={columns}
        rows={trunks.data?.data}
        rowKey={(t) => t.id}
        rowTestId={(t) => `trunk-row-${t.name}`}
        loading={trunks.isFetching && !trunks.data}
        emptyText={q ? 'No trunks match.' : 'No trunks yet.'}
        pagination={pagination(trunks.data?.meta.total ?? 0)}
      />
      <ConfirmDelete
        {...deletion.dialog}
        what={`the trunk "${deletion.target?.name ?? ''}"`}
        extra=" Its Asterisk endpoint, registration and addresses are removed."
      />
    </Stack>
  );
}
