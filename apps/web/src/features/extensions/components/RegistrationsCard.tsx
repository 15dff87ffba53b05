import { Card, Group, Table, Text, Title } from '@mantine/core';
import type { Extension } from '@switchboard/shared';
import { formatDateTime } from '../../../lib/format';
import { RegistrationStatus } from './RegistrationStatus';

/** The devices registered for the extension (Asterisk's `ps_contacts`). */
export function RegistrationsCard({ extension: e }: { extension: Extension }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="registrations">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Registrations</Title>
        <RegistrationStatus extension={e} />
      </Group>
      {e.contacts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No phone is registered. Enter the softphone settings and the SIP password in a phone to register it (up to {e.max_contacts} at once).
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing="xs" fz="sm" aria-label="Registered devices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Phone</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Expires</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.contacts.map((c) => (
                <Table.Tr key={c.uri}>
                  <Table.Td>
                    <Text size="sm">{c.user_agent ?? 'Unknown phone'}</Text>
                    <Text size="xs" c="dimmed" truncate maw={260}>
                      {c.uri}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {c.via_address ?? '—'}
                    {c.via_port ? `:${c.via_port}` : ''}
                  </Table.Td>
                  <Table.Td>{formatDateTime(c.expires_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
