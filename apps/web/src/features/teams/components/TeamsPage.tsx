import { ActionIcon, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash, IconUsers } from '@tabler/icons-react';
import type { Team } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { notifySuccess } from '../../../lib/notices';
import { useCan } from '../../../lib/session';
import { useDeleteTeam } from '../api/deleteTeam';
import { useTeams } from '../api/getTeams';
import { TeamFormModal } from './TeamFormModal';
import { TeamMembersDrawer } from './TeamMembersDrawer';

export function TeamsPage() {
  const canWrite = useCan('users:write');
  const { q, setQ, page, pageSize, pagination } = useListState();
  const [modal, setModal] = useState<{ team: Team | null } | null>(null);
  const [membersOf, setMembersOf] = useState<Team | null>(null);
  const teams = useTeams({ q: q || undefined, page, page_size: pageSize });
  const deletion = useDeleteConfirm<Team>({ mutation: useDeleteTeam(), onDeleted: (deleted) => notifySuccess('Team deleted', deleted.name) });

  const columns: Column<Team>[] = [
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
      key: 'description',
      header: 'Description',
      render: (t) => (
        <Text size="sm" c={t.description ? undefined : 'dimmed'} lineClamp={2}>
          {t.description ?? '—'}
        </Text>
      ),
    },
    { key: 'members', header: 'Members', align: 'right', render: (t) => <Text size="sm">{t.member_count}</Text> },
    {
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (t) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Members">
            <ActionIcon variant="subtle" aria-label={`Members of ${t.name}`} onClick={() => setMembersOf(t)}>
              <IconUsers size={16} />
            </ActionIcon>
          </Tooltip>
          {canWrite ? (
            <>
              <Tooltip label="Edit">
                <ActionIcon variant="subtle" aria-label={`Edit ${t.name}`} onClick={() => setModal({ team: t })}>
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Delete">
                <ActionIcon variant="subtle" color="red" aria-label={`Delete ${t.name}`} onClick={() => deletion.ask(t)}>
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
        title="Teams"
        description="Groups of agents that tickets (and later chats and queues) are assigned to."
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setModal({ team: null })}>
              New team
            </Button>
          ) : null
        }
      />
      <Group mb="md">
        <SearchInput value={q} placeholder="Team name" onChange={setQ} />
      </Group>
      {teams.isError ? <QueryError error={teams.error} onRetry={() => teams.refetch()} /> : null}
      <DataTable
        label="Teams"
        testId="teams-table"
        columns={columns}
        rows={teams.data?.data}
        rowKey={(t) => t.id}
        rowTestId={(t) => `team-row-${t.name}`}
        loading={teams.isFetching && !teams.data}
        emptyText={q ? 'No team matches.' : 'No teams yet.'}
        pagination={pagination(teams.data?.meta.total ?? 0)}
      />
      <TeamFormModal opened={Boolean(modal)} team={modal?.team ?? null} onClose={() => setModal(null)} />
      {membersOf ? <TeamMembersDrawer team={membersOf} canWrite={canWrite} onClose={() => setMembersOf(null)} /> : null}
      <ConfirmDelete
        {...deletion.dialog}
        what={`the team "${deletion.target?.name ?? ''}"`}
        extra={
          <Text size="sm" c="dimmed" mt="xs">
            Tickets of the team stay, without a team.
          </Text>
        }
      />
    </Stack>
  );
}
