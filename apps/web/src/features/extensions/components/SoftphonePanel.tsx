import { ActionIcon, Alert, Button, Card, Code, CopyButton, Group, Loader, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import type { SoftphoneSettings } from '@switchboard/shared';
import { QueryError } from '../../../components/ui/QueryError';
import { useSoftphoneSettings } from '../api/getSoftphoneSettings';

function rows(s: SoftphoneSettings): { label: string; value: string }[] {
  const list = [
    { label: 'Display name', value: s.display_name },
    { label: 'SIP user name', value: s.username },
    { label: 'Authentication user', value: s.auth_username },
    { label: 'Domain / registrar', value: s.domain },
    { label: 'Transport', value: s.transport.toUpperCase() },
  ];
  if (s.port !== null) list.push({ label: 'Port', value: String(s.port) });
  if (s.wss_url) list.push({ label: 'WebSocket URL', value: s.wss_url });
  list.push({ label: 'Password', value: 'shown once at creation or reset' });
  return list;
}

function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy'}>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} aria-label={`Copy ${label}`} onClick={copy}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** What to type into a softphone for this extension, each value with a copy button. */
export function SoftphonePanel({ extensionId }: { extensionId: string }) {
  const settings = useSoftphoneSettings(extensionId);
  const s = settings.data;
  const all = s
    ? rows(s)
        .filter((r) => r.label !== 'Password')
        .map((r) => `${r.label}: ${r.value}`)
        .join('\n')
    : '';
  return (
    <Card withBorder radius="md" padding="lg" data-testid="softphone-settings">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Softphone settings</Title>
        {s ? (
          <CopyButton value={all}>
            {({ copied, copy }) => (
              <Button
                size="compact-sm"
                variant="light"
                color={copied ? 'teal' : undefined}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                onClick={copy}
              >
                {copied ? 'Copied' : 'Copy all settings'}
              </Button>
            )}
          </CopyButton>
        ) : null}
      </Group>
      {settings.isPending ? <Loader size="sm" aria-label="Loading softphone settings" /> : null}
      {settings.isError ? <QueryError error={settings.error} onRetry={() => settings.refetch()} /> : null}
      {s ? (
        <>
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {rows(s).map((r) => (
                <Table.Tr key={r.label}>
                  <Table.Th w={170} fw={500}>
                    {r.label}
                  </Table.Th>
                  <Table.Td>
                    {r.label === 'Password' ? (
                      <Text size="sm" c="dimmed">
                        {r.value}
                      </Text>
                    ) : (
                      <Code>{r.value}</Code>
                    )}
                  </Table.Td>
                  <Table.Td w={40}>{r.label === 'Password' ? null : <CopyValue value={r.value} label={r.label} />}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {s.source === 'derived_from_public_url' ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} mt="sm">
              The SIP server was derived from the console's public address; your administrator can configure it explicitly.
            </Alert>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
