import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';

/** The inbound token, shown once after create or rotate. */
export function InboundTokenModal({ token, url, onClose }: { token: string | null; url: string; onClose: () => void }) {
  return (
    <Modal opened={Boolean(token)} onClose={onClose} title="Inbound token" centered size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow" variant="light">
          Copy it now: it is shown only this once. Your mail server sends it as <Code>Authorization: Bearer …</Code> (or <Code>?token=</Code>) when it posts a
          message to the inbound address.
        </Alert>
        <Code block data-testid="inbound-token">
          {token}
        </Code>
        <Text size="sm">
          Inbound address: <Code>{url}</Code>
        </Text>
        <Group justify="flex-end">
          <CopyButton value={token ?? ''}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy token'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>I have saved it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
