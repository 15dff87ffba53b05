import { ActionIcon, Avatar, Badge, Button, Group, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconKey, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { User } from '@switchboard/shared';
import { useState } from 'react';
import { ConfirmDelete, ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { type Column, DataTable } from '../../../components/ui/DataTable';
import { SelectField } from '../../../components/ui/SelectField';
import { PageHeader } from '../../../components/ui/PageHeader';
import { QueryError } from '../../../components/ui/QueryError';
import { SearchInput } from '../../../components/ui/SearchInput';
import { useListState } from '../../../components/ui/useListState';
import { useDeleteConfirm } from '../../../components/ui/useDeleteConfirm';
import { formatDateTime, humanize } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useCan, useMe } from '../../../lib/session';
import { useDeleteUser } from '../api/deleteUser';
import { useUsers } from '../api/getUsers';
import { useResetUserPassword } from '../api/resetUserPassword';
import { CreateUserModal } from './CreateUserModal';
import { EditUserDrawer } from './EditUserDrawer';
import { ROLE_COLORS, ROLE_OPTIONS, STATUS_OPTIONS } from './roleOptions';

const SORT_OPTIONS = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: 'email', label: 'Email A–Z' },
];

export function UsersPage() {
  const canWrite = useCan('users:write');
  const { data: me } = useMe();
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [sort, setSort] = useState('-created_at');
  const { q, setQ, page, pageSize, setPage, pagination } = useListState();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const users = useUsers({ q: q || undefined, role: role ?? undefined, status: status ?? undefined, sort, page, page_size: pageSize });
  const deletion = useDeleteConfirm<User>({
    mutation: useDeleteUser(),
    onDeleted: (deleted) => notifySuccess('User deleted', deleted.email),
    onError: (e) => notifyError(e, 'Could not delete the user'),
  });
  const resetPassword = useResetUserPassword();

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (u) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar src={u.avatar_url} size={28} radius="xl" alt="">
            {u.name.slice(0, 1).toUpperCase()}
          </Avatar>
          <Text size="sm" fw={500}>
            {u.name}
          </Text>
          {u.id === me?.user.id ? (
            <Badge size="xs" variant="outline">
              You
            </Badge>
          ) : null}
        </Group>
      ),
    },
    { key: 'email', header: 'Email', render: (u) => <Text size="sm">{u.email}</Text> },
    {
      key: 'role',
      header: 'Role',
      render: (u) => (
        <Badge variant="light" color={ROLE_COLORS[u.role] ?? 'gray'}>
          {humanize(u.role)}
        </Badge>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (u) => (
        <Badge variant="dot" color={u.status === 'active' ? 'teal' : 'gray'}>
          {humanize(u.status)}
        </Badge>
      ),
    },
    { key: 'last_login', header: 'Last sign-in', render: (u) => <Text size="sm">{formatDateTime(u.last_login_at)}</Text> },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      header: <VisuallyHidden>Actions</VisuallyHidden>,
      align: 'right',
      render: (u) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" aria-label="Edit user" data-testid={`edit-user-${u.email}`} onClick={() => setEditing(u)}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Send password reset link">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label="Send password reset link"
              data-testid={`reset-password-${u.email}`}
              onClick={() => setResetting(u)}
            >
              <IconKey size={16} />
            </ActionIcon>
          </Tooltip>
          {u.id !== me?.user.id ? (
            <Tooltip label="Delete">
              <ActionIcon variant="subtle" color="red" aria-label="Delete user" data-testid={`delete-user-${u.email}`} onClick={() => deletion.ask(u)}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
        </Group>
      ),
    });
  }

  return (
    <Stack gap={0}>
      <PageHeader
        title="Users"
        description="People who can sign in to this organization."
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New user
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
        <SearchInput value={q} placeholder="Search by name or email" onChange={setQ} />
        <SelectField
          label="Access level"
          placeholder="All roles"
          data={ROLE_OPTIONS}
          value={role}
          clearable
          w={170}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
        />
        <SelectField
          label="Account state"
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
        <SelectField label="Sort" data={SORT_OPTIONS} value={sort} w={160} onChange={(v) => v && setSort(v)} />
      </Group>
      {users.isError ? <QueryError error={users.error} onRetry={() => users.refetch()} /> : null}
      <DataTable
        label="Users"
        testId="users-table"
        columns={columns}
        rows={users.data?.data}
        rowKey={(u) => u.id}
        rowTestId={(u) => `user-row-${u.email}`}
        loading={users.isFetching && !users.data}
        emptyText={q || role || status ? 'No users match the filters.' : 'No users yet.'}
        pagination={pagination(users.data?.meta.total ?? 0)}
      />

      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      <EditUserDrawer user={editing} isSelf={editing?.id === me?.user.id} onClose={() => setEditing(null)} />
      <ConfirmDelete {...deletion.dialog} what={`the user ${deletion.target?.email ?? ''}`} />
      <ConfirmDialog
        opened={Boolean(resetting)}
        title="Reset password?"
        confirmLabel="Send link"
        loading={resetPassword.isPending}
        onClose={() => setResetting(null)}
        onConfirm={() =>
          resetting &&
          resetPassword.mutate(resetting.id, {
            onSuccess: () => {
              notifySuccess('Reset link sent', `${resetting.email} will receive an email to choose a new password.`);
              setResetting(null);
            },
            onError: (e) => notifyError(e, 'Could not send the reset link'),
          })
        }
      >
        Email {resetting?.email} a link to choose a new password?
      </ConfirmDialog>
    </Stack>
  );
}
