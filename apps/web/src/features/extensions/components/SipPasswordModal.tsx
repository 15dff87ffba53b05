import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import type { ExtensionWithPasswordT } from '../api/createExtension';

/** The generated SIP password, shown this once (after create or reset), with a copy button. */
export function SipPasswordModal({ extension, onClose }: { extension: ExtensionWithPasswordT | null; onClose: () => void }) {
  return (
    <Modal opened={Boolean(extension)} onClose={onClose} title="SIP password" centered size="lg" closeOnClickOutside={false} data-testid="sip-password-modal">
      {extension ? (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconKey size={18} />}>
            Copy the password now: it is shown only this once. If it gets lost, reset it to get a new one.
          </Alert>
          <Table withTableBorder verticalSpacing="xs">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={140}>Extension</Table.Th>
                <Table.Td>
                  {extension.number} · {extension.display_name}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>SIP user name</Table.Th>
                <Table.Td>
                  <Code>{extension.endpoint}</Code>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>SIP password</Table.Th>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Code data-testid="sip-password" style={{ wordBreak: 'break-all' }}>
                      {extension.sip_password}
                    </Code>
                    <CopyButton value={extension.sip_password}>
                      {({ copied, copy }) => (
                        <Button
                          size="compact-sm"
                          variant={copied ? 'filled' : 'light'}
                          color={copied ? 'teal' : undefined}
                          leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                          onClick={copy}
                        >
                          {copied ? 'Copied' : 'Copy password'}
                        </Button>
                      )}
                    </CopyButton>
                  </Group>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            The softphone settings on the extension's page list the server and transport to use with it.
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have saved it</Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
