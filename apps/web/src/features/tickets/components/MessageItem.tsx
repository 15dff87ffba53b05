import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconHistory, IconLock, IconPencil } from '@tabler/icons-react';
import type { Ticket, TicketMessage } from '@switchboard/shared';
import { useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notices';
import { useUpdateMessage } from '../api/updateMessage';
import { htmlToText } from './htmlText';
import { AttachmentList } from './AttachmentList';
import { MessageBody } from './MessageBody';
import { NoteHistoryModal } from './NoteHistoryModal';

/** One message. Internal notes are set apart (yellow, a lock and the words "Internal note") and can be edited, with history. */
export function MessageItem({
  ticket,
  message,
  author,
  fromRequester,
  canEdit,
}: {
  ticket: Ticket;
  message: TicketMessage;
  author: string;
  fromRequester: boolean;
  canEdit: boolean;
}) {
  const update = useUpdateMessage();
  const [editing, setEditing] = useState<string | null>(null);
  const [history, setHistory] = useState(false);
  const kind = message.internal ? 'Internal note' : fromRequester ? 'Message' : 'Reply';
  const bg = message.internal ? 'var(--mantine-color-yellow-light)' : fromRequester ? 'var(--mantine-color-blue-light)' : undefined;

  const saveEdit = () => {
    if (editing === null || !editing.trim()) return;
    // An HTML note edited here becomes plain text (the box edits text, not markup).
    update.mutate(
      { ticketId: ticket.id, messageId: message.id, body: { body: editing, format: 'text' } },
      {
        onSuccess: () => {
          setEditing(null);
          notifySuccess('Note updated');
        },
        onError: (e) => notifyError(e, 'Could not save the note'),
      },
    );
  };

  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      bg={bg}
      style={message.internal ? { borderStyle: 'dashed', borderColor: 'var(--mantine-color-yellow-6)' } : undefined}
      component="article"
      aria-label={`${kind} by ${author}`}
      data-testid={`message-${message.id}`}
      data-internal={message.internal ? 'true' : 'false'}
    >
      <Group justify="space-between" mb={6} wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {author}
          </Text>
          {message.internal ? (
            <Badge color="yellow" variant="filled" size="sm" tt="none" leftSection={<IconLock size={12} />}>
              Internal note
            </Badge>
          ) : fromRequester ? (
            <Badge color="blue" variant="light" size="sm" tt="none">
              Requester
            </Badge>
          ) : (
            <Badge color="gray" variant="light" size="sm" tt="none">
              Public reply
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTime(message.created_at)}
            {message.edited_at ? ` · edited ${formatDateTime(message.edited_at)}` : ''}
          </Text>
        </Group>
        <Group gap={2} wrap="nowrap">
          {message.internal && message.edited_at ? (
            <Tooltip label="Earlier versions">
              <ActionIcon variant="subtle" color="gray" aria-label="Note history" onClick={() => setHistory(true)}>
                <IconHistory size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
          {canEdit && editing === null ? (
            <Tooltip label="Edit note">
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label="Edit note"
                onClick={() => setEditing(message.format === 'html' ? htmlToText(message.body) : message.body)}
              >
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
          ) : null}
        </Group>
      </Group>
      {editing !== null ? (
        <Stack gap="xs">
          <Textarea label="Edit note" autosize minRows={3} maxRows={14} value={editing} onChange={(e) => setEditing(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(null)} disabled={update.isPending}>
              Cancel
            </Button>
            <Button size="xs" onClick={saveEdit} loading={update.isPending} disabled={!editing.trim()}>
              Save note
            </Button>
          </Group>
        </Stack>
      ) : (
        <MessageBody format={message.format} body={message.body} />
      )}
      <AttachmentList ticketId={ticket.id} attachments={message.attachments} />
      {history ? <NoteHistoryModal ticketId={ticket.id} messageId={message.id} onClose={() => setHistory(false)} /> : null}
    </Paper>
  );
}
