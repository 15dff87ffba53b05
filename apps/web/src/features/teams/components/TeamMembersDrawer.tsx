import { ActionIcon, Button, Drawer, Group, Loader, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import type { Team } from '@switchboard/shared';
import { useState } from 'react';
import { QueryError } from '../../../components/ui/QueryError';
import { SelectField } from '../../../components/ui/SelectField';
import { humanize } from '../../../lib/format';
import { notifyError } from '../../../lib/notices';
import { useAddTeamMember } from '../api/addTeamMember';
import { useTeamMembers } from '../api/getTeamMembers';
import { useUserOptions } from '../api/getUserOptions';
import { useRemoveTeamMember } from '../api/removeTeamMember';

/** A team's members: add users of the tenant, remove them. */
export function TeamMembersDrawer({ team, canWrite, onClose }: { team: Team; canWrite: boolean; onClose: () => void }) {
  const members = useTeamMembers(team.id);
  const users = useUserOptions(canWrite);
  const add = useAddTeamMember();
  const remove = useRemoveTeamMember();
  const [userId, setUserId] = useState<string | null>(null);
  const list = members.data ?? [];
  const candidates = (users.data?.data ?? [])
    .filter((u) => !list.some((m) => m.user_id === u.id))
    .map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }));

  return (
    <Drawer opened onClose={onClose} title={`Members of ${team.name}`} position="right" size="lg">
      <Stack>
        {canWrite ? (
          <Group align="flex-end" gap="sm">
            <SelectField label="User to add" placeholder="Pick a user" data={candidates} value={userId} onChange={setUserId} style={{ flex: 1 }} />
            <Button
              disabled={!userId}
              loading={add.isPending}
              onClick={() =>
                userId &&
                add.mutate({ teamId: team.id, userId }, { onSuccess: () => setUserId(null), onError: (e) => notifyError(e, 'Could not add the member') })
              }
            >
              Add member
            </Button>
          </Group>
        ) : null}
        {members.isPending ? <Loader size="sm" aria-label="Loading members" /> : null}
        {members.isError ? <QueryError error={members.error} onRetry={() => members.refetch()} /> : null}
        {members.isSuccess && list.length === 0 ? (
          <Text size="sm" c="dimmed">
            No members yet.
          </Text>
        ) : null}
        {list.length > 0 ? (
          <Table aria-label="Team members" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                {canWrite ? <Table.Th /> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((m) => (
                <Table.Tr key={m.user_id} data-testid={`team-member-${m.email}`}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td>{m.email}</Table.Td>
                  <Table.Td>{humanize(m.role)}</Table.Td>
                  {canWrite ? (
                    <Table.Td align="right">
                      <Tooltip label="Remove from team">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${m.name}`}
                          loading={remove.isPending && remove.variables?.userId === m.user_id}
                          onClick={() =>
                            remove.mutate({ teamId: team.id, userId: m.user_id }, { onError: (e) => notifyError(e, 'Could not remove the member') })
                          }
                        >
                          <IconUserMinus size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Drawer>
  );
}
