import { Anchor, Image, Text } from '@mantine/core';
import { IconPaperclip } from '@tabler/icons-react';
import type { ChatAttachment } from '@switchboard/shared';
import { useEffect, useState } from 'react';
import { formatBytes } from '../../../lib/format';
import { chatFileObjectUrl, downloadChatFile } from '../api/downloadChatFile';

/** Raster images are shown inline (loaded with the access token); everything else is a download. SVG never renders inline. */
const INLINE = /^image\/(png|jpe?g|gif|webp)$/i;

export function ChatAttachmentView({ sessionId, file }: { sessionId: string; file: ChatAttachment }) {
  const [src, setSrc] = useState<string | null>(null);
  const inline = INLINE.test(file.content_type);
  useEffect(() => {
    if (!inline) return;
    let url: string | null = null;
    let cancelled = false;
    chatFileObjectUrl(sessionId, file.id)
      .then((u) => {
        url = u;
        if (cancelled) URL.revokeObjectURL(u);
        else setSrc(u);
      })
      .catch(() => setSrc(null));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [inline, sessionId, file.id]);
  const label = `${file.filename} (${formatBytes(file.size)})`;
  return (
    <>
      {inline && src ? <Image src={src} alt={file.filename} maw={260} mah={220} fit="contain" radius="sm" mt={4} /> : null}
      <Anchor
        component="button"
        type="button"
        size="sm"
        c="inherit"
        td="underline"
        onClick={() => void downloadChatFile(sessionId, file)}
        aria-label={`Download ${file.filename}`}
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <IconPaperclip size={14} aria-hidden />
        <Text span size="sm">
          {label}
        </Text>
      </Anchor>
    </>
  );
}
