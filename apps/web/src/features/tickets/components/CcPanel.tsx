import { ActionIcon, Button, Card, Group, Loader, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { SetTicketCcsBody, type Ticket } from '@switchboard/shared';
import { useState } from 'react';
import { QueryError } from '../../../components/ui/QueryError';
import { errorMessage } from '../../../lib/errors';
import { useCcs } from '../api/getCcs';
import { useSetCcs } from '../api/setCcs';

/** People copied on every email to the requester; their replies thread into the ticket. */
export function CcPanel({ ticket, canWrite }: { ticket: Ticket; canWrite: boolean }) {
  const ccs = useCcs(ticket.id);
  const save = useSetCcs();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = ccs.data ?? [];
  const current = list.map((c) => ({ email: c.email, name: c.name }));

  const put = (next: typeof current, onDone?: () => void) => {
    setError(null);
    save.mutate({ ticketId: ticket.id, ccs: next }, { onSuccess: onDone, onError: (e) => setError(errorMessage(e)) });
  };
  const add = () => {
    const next = [...current, { email: email.trim(), name: null }];
    const parsed = SetTicketCcsBody.safeParse({ ccs: next });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Not a valid email address');
      return;
    }
    put(next, () => setEmail(''));
  };

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label="CC" data-testid="cc-panel">
      <Title order={5} mb={4}>
        CC
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        Copied on every email to the requester; their replies join the ticket.
      </Text>
      {ccs.isPending ? <Loader size="xs" aria-label="Loading CCs" /> : null}
      {ccs.isError ? <QueryError error={ccs.error} onRetry={() => ccs.refetch()} /> : null}
      <Stack gap={4} component="ul" aria-label="CC list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {list.map((c) => (
          <Group key={c.email} component="li" justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" truncate>
              {c.name ? `${c.name} <${c.email}>` : c.email}
            </Text>
            {canWrite ? (
              <Tooltip label="Remove">
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove CC ${c.email}`}
                  disabled={save.isPending}
                  onClick={() => put(current.filter((x) => x.email !== c.email))}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
        ))}
        {ccs.isSuccess && list.length === 0 ? (
          <Text size="sm" c="dimmed" component="li">
            Nobody.
          </Text>
        ) : null}
      </Stack>
      {canWrite ? (
        <Group gap="xs" mt="sm" align="flex-start" wrap="nowrap">
          <TextInput
            label="Add CC"
            placeholder="name@example.com"
            type="email"
            value={email}
            error={error}
            style={{ flex: 1 }}
            onChange={(e) => setEmail(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                if (email.trim()) add();
              }
            }}
          />
          <Button mt={25} variant="default" onClick={add} disabled={!email.trim()} loading={save.isPending}>
            Add
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}
