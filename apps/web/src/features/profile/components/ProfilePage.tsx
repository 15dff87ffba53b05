import { Badge, Card, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { humanize } from '../../../lib/format';
import { PageHeader } from '../../../components/ui/PageHeader';
import { useMe } from '../../../lib/session';
import { ChangePasswordForm } from './ChangePasswordForm';
import { ProfileForm } from './ProfileForm';

export function ProfilePage() {
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <Stack gap={0}>
      <PageHeader title="Profile" description="Your personal details and password." />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md" padding="lg">
            <Title order={4} mb="md">
              Personal details
            </Title>
            <ProfileForm key={me.user.id} me={me} />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="md">
                Change password
              </Title>
              <ChangePasswordForm />
            </Card>
            <Card withBorder radius="md" padding="lg">
              <Title order={4} mb="xs">
                Organizations
              </Title>
              {me.memberships.length === 0 ? (
                <Text size="sm" c="dimmed">
                  You are not a member of any organization.
                </Text>
              ) : (
                <Table aria-label="Memberships">
                  <Table.Tbody>
                    {me.memberships.map((m) => (
                      <Table.Tr key={m.tenant_id}>
                        <Table.Td>
                          <Group gap={6}>
                            <Text size="sm">{m.tenant_name}</Text>
                            {m.tenant_id === me.tenant?.id ? (
                              <Badge size="xs" variant="light">
                                Current
                              </Badge>
                            ) : null}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {humanize(m.role)}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
