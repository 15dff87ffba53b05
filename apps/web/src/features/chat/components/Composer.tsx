import { ActionIcon, Button, FileButton, Group, Menu, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { IconMessageDots, IconPaperclip, IconSend } from '@tabler/icons-react';
import { type ChatSessionDetail, MAX_CHAT_MESSAGE_LENGTH } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'react';
import { notifyError } from '../../../lib/notices';
import { useReplyTemplates } from '../api/getReplyTemplates';
import { renderTemplate } from '../api/renderTemplate';
import { useSendChatMessage } from '../api/sendChatMessage';
import { sendChatTyping } from '../api/sendChatTyping';
import { useUploadChatFile } from '../api/uploadChatFile';
import { clientId, templateText } from './chatFormat';

export interface ComposerProps {
  session: ChatSessionDetail;
  agentName: string;
  /** Canned responses need the helpdesk's templates (tickets:read, helpdesk on). */
  cannedResponses: boolean;
}

/** Message box of the agent handling a chat: Enter sends, Shift+Enter breaks the line; canned responses; files. */
export function Composer({ session, agentName, cannedResponses }: ComposerProps) {
  const [text, setText] = useState('');
  const send = useSendChatMessage();
  const upload = useUploadChatFile();
  const templates = useReplyTemplates(cannedResponses);
  const input = useRef<HTMLTextAreaElement>(null);
  const typingSent = useRef(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const sessionId = session.id;

  const stopTyping = () => {
    clearTimeout(typingTimer.current);
    if (!typingSent.current) return;
    typingSent.current = 0;
    void sendChatTyping(sessionId, false);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: stop "typing" when leaving this chat
  useEffect(() => {
    setText('');
    return stopTyping;
  }, [sessionId]);

  const onType = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value && now - typingSent.current > 3000) {
      typingSent.current = now;
      void sendChatTyping(sessionId, true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, 4000);
  };

  const submit = () => {
    const body = text.trim();
    if (!body) return;
    setText('');
    stopTyping();
    send.mutate(
      { sessionId, body, client_id: clientId() },
      {
        onError: (e) => {
          setText((cur) => cur || body);
          notifyError(e, 'Message not sent');
        },
      },
    );
  };

  const insertTemplate = async (id: string) => {
    try {
      const r = await renderTemplate(id, { requester: { name: session.visitor.name, email: session.visitor.email }, agent: { name: agentName } });
      const body = templateText(r.body, r.format);
      setText((cur) => (cur.trim() ? `${cur.trimEnd()}\n${body}` : body));
      input.current?.focus();
    } catch (e) {
      notifyError(e, 'Could not use the canned response');
    }
  };

  const replies = templates.data?.data ?? [];
  return (
    <Paper withBorder radius="md" p="xs" data-testid="chat-composer">
      <Textarea
        ref={input}
        aria-label="Message"
        placeholder="Write a reply… (Enter sends, Shift+Enter for a new line)"
        autosize
        minRows={2}
        maxRows={8}
        maxLength={MAX_CHAT_MESSAGE_LENGTH}
        value={text}
        onChange={(e) => onType(e.currentTarget.value)}
        onBlur={stopTyping}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <Group justify="space-between" mt="xs">
        <Group gap={4}>
          {cannedResponses ? (
            <Menu position="top-start" withinPortal shadow="md" width={280}>
              <Menu.Target>
                <Button size="xs" variant="subtle" leftSection={<IconMessageDots size={16} />}>
                  Canned responses
                </Button>
              </Menu.Target>
              <Menu.Dropdown mah={320} style={{ overflowY: 'auto' }}>
                {replies.length === 0 ? (
                  <Text size="xs" c="dimmed" p="xs">
                    {templates.isPending ? 'Loading…' : 'No reply templates yet (Helpdesk → Templates).'}
                  </Text>
                ) : (
                  replies.map((t) => (
                    <Menu.Item key={t.id} onClick={() => void insertTemplate(t.id)}>
                      {t.name}
                    </Menu.Item>
                  ))
                )}
              </Menu.Dropdown>
            </Menu>
          ) : null}
          <FileButton
            onChange={(file) =>
              file && upload.mutate({ sessionId, file, client_id: clientId() }, { onError: (e) => notifyError(e, `Could not send ${file.name}`) })
            }
          >
            {(props) => (
              <Tooltip label="Send a file">
                <ActionIcon {...props} variant="subtle" size="lg" aria-label="Send a file" loading={upload.isPending}>
                  <IconPaperclip size={18} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        </Group>
        <Button size="xs" rightSection={<IconSend size={14} />} onClick={submit} disabled={!text.trim()} loading={send.isPending}>
          Send
        </Button>
      </Group>
    </Paper>
  );
}
