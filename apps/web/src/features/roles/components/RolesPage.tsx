import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { PERMISSIONS } from '@switchboard/shared';
import { PageHeader } from '../../../components/ui/PageHeader';
import { PageLoader } from '../../../components/ui/PageLoader';
import { QueryError } from '../../../components/ui/QueryError';
import { humanize } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { useRoles } from '../api/getRoles';

export function RolesPage() {
  const roles = useRoles();
  const { data: me } = useMe();
  if (roles.isPending) return <PageLoader />;
  if (roles.isError) return <QueryError error={roles.error} onRetry={() => roles.refetch()} />;
  const list = roles.data;
  // Permissions in the shared order, then any the server knows that the console does not.
  const known = new Set<string>(PERMISSIONS);
  const extra = [...new Set(list.flatMap((r) => r.permissions))].filter((p) => !known.has(p));
  const allPermissions = [...PERMISSIONS, ...extra].filter((p) => list.some((r) => r.permissions.includes(p)));

  return (
    <Stack gap="lg">
      <PageHeader title="Roles" description="The roles a user can hold and what each may do. Roles are fixed; assign them on the Users page." />
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
        {list.map((r) => (
          <Card key={r.role} withBorder radius="md" data-testid={`role-card-${r.role}`}>
            <Group justify="space-between" mb={4}>
              <Title order={4}>{humanize(r.role)}</Title>
              <Group gap={6}>
                {me?.role === r.role ? (
                  <Badge size="sm" variant="filled">
                    Your role
                  </Badge>
                ) : null}
                <Badge size="sm" variant="light" color="gray">
                  {r.permissions.length} permissions
                </Badge>
              </Group>
            </Group>
            <Text size="sm" c="dimmed" mb="sm">
              {r.description}
            </Text>
            <Group gap={4}>
              {r.permissions.map((p) => (
                <Badge key={p} size="xs" variant="outline" tt="none">
                  {p}
                </Badge>
              ))}
            </Group>
          </Card>
        ))}
      </SimpleGrid>

      <div>
        <Title order={4} mb="sm">
          Permission matrix
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder withColumnBorders aria-label="Permission matrix" data-testid="permission-matrix">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Permission</Table.Th>
                {list.map((r) => (
                  <Table.Th key={r.role} ta="center">
                    {humanize(r.role)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {allPermissions.map((p) => (
                <Table.Tr key={p}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {p}
                    </Text>
                  </Table.Td>
                  {list.map((r) => (
                    <Table.Td key={r.role} ta="center">
                      {r.permissions.includes(p) ? (
                        <IconCheck size={16} aria-label="Granted" color="var(--mantine-color-teal-6)" />
                      ) : (
                        <Text span c="dimmed" aria-label="Not granted">
                          –
                        </Text>
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
    </Stack>
  );
}
