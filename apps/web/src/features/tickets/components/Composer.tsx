import { Alert, Badge, Button, Card, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconLock, IconSend } from '@tabler/icons-react';
import type { Contact, Ticket } from '@switchboard/shared';
import { useState } from 'react';
import { FileDropZone } from '../../../components/ui/FileDropZone';
import { SafeHtml } from '../../../components/ui/SafeHtml';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notices';
import { useCreateMessage } from '../api/createMessage';
import { CannedResponsePicker } from './CannedResponsePicker';
import { ComposerAttachmentsField } from './ComposerAttachmentsField';
import { htmlToText } from './htmlText';
import { useComposerAttachments } from './useComposerAttachments';
import type { Directory } from './useDirectory';

type Mode = 'reply' | 'note';

/** Write a public reply or an internal note; canned responses fill the box. Ctrl/⌘+Enter sends. */
export function Composer({ ticket, requester, directory }: { ticket: Ticket; requester: Contact | null; directory: Directory }) {
  const create = useCreateMessage();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState('');
  const [format, setFormat] = useState<'text' | 'html'>('text');
  const [error, setError] = useState<string | null>(null);
  const attachments = useComposerAttachments(ticket.id, directory.me?.user.id);
  const note = mode === 'note';

  if (ticket.status === 'closed') {
    return (
      <Alert color="gray" variant="light" title="Closed">
        A closed ticket takes no new replies or notes.
      </Alert>
    );
  }

  const send = () => {
    if (!body.trim()) return;
    setError(null);
    create.mutate(
      { ticketId: ticket.id, body: { body, format, internal: note, attachment_ids: attachments.pending.map((a) => a.id) } },
      {
        onSuccess: () => {
          setBody('');
          setFormat('text');
          attachments.clear();
          notifySuccess(note ? 'Note added' : 'Reply sent', ticket.number);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };

  return (
    <FileDropZone onFiles={attachments.add} label="Drop files to attach them">
      <Card
        withBorder
        radius="md"
        padding="md"
        component="section"
        aria-label="Composer"
        bg={note ? 'var(--mantine-color-yellow-light)' : undefined}
        data-testid="composer"
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <SegmentedControl
              aria-label="Message type"
              value={mode}
              onChange={(v) => setMode(v as Mode)}
              data={[
                { value: 'reply', label: 'Public reply' },
                { value: 'note', label: 'Internal note' },
              ]}
            />
            <CannedResponsePicker
              ticket={ticket}
              requester={requester}
              agentName={directory.me?.user.name ?? null}
              onInsert={(r) => {
                setBody((b) => (b.trim() ? `${b.replace(/\s+$/, '')}\n\n${r.format === format ? r.body : toFormat(r.body, r.format, format)}` : r.body));
                if (!body.trim()) setFormat(r.format);
              }}
            />
          </Group>
          {note ? (
            <Text size="xs" c="dimmed">
              <IconLock size={12} style={{ verticalAlign: 'middle' }} /> Only agents see internal notes; the requester never does.
            </Text>
          ) : null}
          <Textarea
            label="Message"
            description={format === 'html' ? 'HTML from a template: edit the markup, the preview shows what is sent.' : undefined}
            placeholder={note ? 'A note for your colleagues…' : 'Write your reply…'}
            autosize
            minRows={4}
            maxRows={16}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              }
            }}
          />
          {format === 'html' && body.trim() ? (
            <Paper withBorder p="sm" radius="md" aria-label="Preview">
              <Group justify="space-between" mb={4}>
                <Badge size="sm" variant="light" tt="none">
                  HTML preview
                </Badge>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  onClick={() => {
                    setBody(htmlToText(body));
                    setFormat('text');
                  }}
                >
                  Convert to plain text
                </Button>
              </Group>
              <SafeHtml html={body} />
            </Paper>
          ) : null}
          {error || attachments.error ? (
            <Alert color="red" variant="light" role="alert">
              {error ?? attachments.error}
            </Alert>
          ) : null}
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <ComposerAttachmentsField attachments={attachments} />
            <Button
              leftSection={note ? <IconLock size={16} /> : <IconSend size={16} />}
              color={note ? 'yellow' : undefined}
              onClick={send}
              loading={create.isPending}
              disabled={!body.trim() || attachments.uploading}
            >
              {note ? 'Add note' : 'Send reply'}
            </Button>
          </Group>
        </Stack>
      </Card>
    </FileDropZone>
  );
}

/** A canned response in another format than the box: HTML → its text; text → escaped paragraphs. */
function toFormat(body: string, from: 'text' | 'html', to: 'text' | 'html'): string {
  if (from === to) return body;
  if (to === 'text') return htmlToText(body);
  const esc = body.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
  return esc
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
}
