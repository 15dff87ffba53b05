import { Box, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import type { ChatMessage } from '@switchboard/shared';
import { useEffect, useRef } from 'react';
import { ChatAttachmentView } from './ChatAttachmentView';
import { ChatText } from './ChatText';

export interface MessageListProps {
  sessionId: string;
  messages: ChatMessage[];
  /** The visitor has read up to this seq (read receipts under agent messages). */
  visitorReadSeq: number;
  /** Shown under the list: "Visitor is typing…". */
  typing?: string | null;
  /** Height of the scroll area. */
  height?: number | string;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The conversation as agents see it: visitor on the left, agents on the right, system notes in the
 * middle. A log region: screen readers announce new messages. All text is rendered as text.
 */
export function MessageList({ sessionId, messages, visitorReadSeq, typing, height = '100%' }: MessageListProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const count = messages.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll to the newest message when one arrives
  useEffect(() => {
    const el = viewport.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count, typing]);
  const lastAgent = [...messages].reverse().find((m) => m.author_type === 'agent');
  return (
    <ScrollArea h={height} viewportRef={viewport} type="auto" offsetScrollbars>
      <Stack gap={8} p="sm" role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation" data-testid="chat-messages">
        {messages.length === 0 ? (
          <Text c="dimmed" size="sm" ta="center">
            No messages yet.
          </Text>
        ) : null}
        {messages.map((m) => {
          if (m.author_type === 'system')
            return (
              <Text key={m.seq} size="xs" c="dimmed" ta="center" data-testid="chat-system-message">
                <ChatText text={m.body} />
              </Text>
            );
          const mine = m.author_type === 'agent';
          return (
            <Group key={m.seq} justify={mine ? 'flex-end' : 'flex-start'} data-testid={`chat-message-${m.author_type}`}>
              <Box maw="80%">
                <Text size="xs" c="dimmed" ta={mine ? 'right' : 'left'}>
                  {m.author_name ?? (mine ? 'Agent' : 'Visitor')} · {time(m.created_at)}
                </Text>
                <Paper
                  px="sm"
                  py={6}
                  radius="lg"
                  bg={mine ? 'var(--mantine-color-blue-light)' : 'var(--mantine-color-default-hover)'}
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  {m.body ? (
                    <Text size="sm" component="div">
                      <ChatText text={m.body} />
                    </Text>
                  ) : null}
                  {m.attachment ? <ChatAttachmentView sessionId={sessionId} file={m.attachment} /> : null}
                </Paper>
                {m === lastAgent ? (
                  <Text size="xs" c="dimmed" ta="right" data-testid="chat-receipt">
                    {m.seq <= visitorReadSeq ? 'Read' : 'Sent'}
                  </Text>
                ) : null}
              </Box>
            </Group>
          );
        })}
      </Stack>
      <Text size="xs" c="dimmed" fs="italic" px="sm" pb={4} aria-live="polite" mih={18}>
        {typing ?? ''}
      </Text>
    </ScrollArea>
  );
}
