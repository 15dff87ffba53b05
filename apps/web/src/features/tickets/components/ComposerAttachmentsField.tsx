import { Badge, Button, CloseButton, FileButton, Group, Loader, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import { useRef } from 'react';
import { formatBytes } from '../../../lib/format';
import type { ComposerAttachments } from './useComposerAttachments';

/** "Attach files" (opens the file chooser) and the files waiting to be sent, each removable. */
export function ComposerAttachmentsField({ attachments }: { attachments: ComposerAttachments }) {
  // Emptied after each pick, so the same file can be picked again.
  const resetRef = useRef<() => void>(null);
  return (
    <Group gap="xs" wrap="wrap" align="center">
      <FileButton
        multiple
        resetRef={resetRef}
        onChange={(files) => {
          resetRef.current?.();
          if (files.length) attachments.add(files);
        }}
      >
        {(props) => (
          <Button {...props} variant="default" size="xs" leftSection={<IconPaperclip size={14} />} loading={attachments.uploading}>
            Attach files
          </Button>
        )}
      </FileButton>
      {attachments.pending.length === 0 && !attachments.uploading ? (
        <Text size="xs" c="dimmed">
          or drop files onto this box
        </Text>
      ) : null}
      {attachments.uploading ? <Loader size="xs" aria-label="Uploading" /> : null}
      {attachments.pending.map((a) => (
        <Badge
          key={a.id}
          variant="light"
          color="gray"
          tt="none"
          size="lg"
          pr={3}
          data-testid={`pending-attachment-${a.filename}`}
          rightSection={
            <CloseButton size="xs" aria-label={`Remove ${a.filename}`} disabled={attachments.removing === a.id} onClick={() => attachments.remove(a.id)} />
          }
        >
          {a.filename} · {formatBytes(a.size)}
        </Badge>
      ))}
    </Group>
  );
}
