import { Badge, Code, Drawer, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { AuditEntry } from '@switchboard/shared';
import { formatDateTime } from '../../../lib/format';

function json(v: unknown): string {
  if (v === null || v === undefined) return '—';
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

/** Top-level keys whose value differs between before and after. */
function changedKeys(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

export function AuditEntryDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose: () => void }) {
  const changed = entry?.before && entry.after ? changedKeys(entry.before, entry.after) : [];
  return (
    <Drawer opened={Boolean(entry)} onClose={onClose} title="Audit entry" position="right" size="xl">
      {entry ? (
        <Stack data-testid="audit-entry-details">
          <Table withTableBorder variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={140}>Time</Table.Th>
                <Table.Td>{formatDateTime(entry.created_at)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Action</Table.Th>
                <Table.Td>
                  <Badge variant="light" tt="none">
                    {entry.action}
                  </Badge>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Entity</Table.Th>
                <Table.Td>
                  {entry.entity_type} <Code>{entry.entity_id ?? '—'}</Code>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Actor</Table.Th>
                <Table.Td>
                  {entry.actor_email ?? 'system'} {entry.actor_user_id ? <Code>{entry.actor_user_id}</Code> : null}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>IP</Table.Th>
                <Table.Td>{entry.ip ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Request</Table.Th>
                <Table.Td>
                  <Code>{entry.request_id ?? '—'}</Code>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>Tenant</Table.Th>
                <Table.Td>{entry.tenant_id ?? '— (platform)'}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {changed.length > 0 ? (
            <Group gap={4}>
              <Text size="sm" c="dimmed">
                Changed:
              </Text>
              {changed.map((k) => (
                <Badge key={k} size="sm" variant="outline" tt="none" color="orange">
                  {k}
                </Badge>
              ))}
            </Group>
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <div>
              <Title order={5} mb={4}>
                Before
              </Title>
              <Code block data-testid="audit-before" style={{ maxHeight: 480, overflow: 'auto' }}>
                {json(entry.before)}
              </Code>
            </div>
            <div>
              <Title order={5} mb={4}>
                After
              </Title>
              <Code block data-testid="audit-after" style={{ maxHeight: 480, overflow: 'auto' }}>
                {json(entry.after)}
              </Code>
            </div>
          </SimpleGrid>
        </Stack>
      ) : null}
    </Drawer>
  );
}
