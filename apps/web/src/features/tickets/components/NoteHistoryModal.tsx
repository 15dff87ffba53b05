import { Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { QueryError } from '../../../components/ui/QueryError';
import { formatDateTime } from '../../../lib/format';
import { useMessageHistory } from '../api/getMessageHistory';
import { MessageBody } from './MessageBody';
import { useDirectory } from './useDirectory';

/** Earlier versions of an internal note, newest first: each is what the note said before an edit. */
export function NoteHistoryModal({ ticketId, messageId, onClose }: { ticketId: string; messageId: string; onClose: () => void }) {
  const history = useMessageHistory(ticketId, messageId);
  const { agentName } = useDirectory();
  return (
    <Modal opened onClose={onClose} title="Note history" size="lg" centered>
      {history.isPending ? <Loader size="sm" aria-label="Loading history" /> : null}
      {history.isError ? <QueryError error={history.error} onRetry={() => history.refetch()} /> : null}
      <Stack gap="sm">
        {(history.data ?? []).map((r) => (
          <Paper key={r.id} withBorder p="sm" radius="md" component="article" aria-label={`Version replaced ${formatDateTime(r.created_at)}`}>
            <Text size="xs" c="dimmed" mb={4}>
              Replaced {formatDateTime(r.created_at)}
              {r.edited_by ? ` by ${agentName(r.edited_by)}` : ''}
            </Text>
            <MessageBody format={r.format} body={r.body} />
          </Paper>
        ))}
      </Stack>
    </Modal>
  );
}
