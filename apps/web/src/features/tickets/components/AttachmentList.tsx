import { ActionIcon, Group, Image, Loader, Modal, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconDownload, IconFile } from '@tabler/icons-react';
import { type AttachmentRef, INLINE_ATTACHMENT_TYPES } from '@switchboard/shared';
import { useEffect, useMemo, useState } from 'react';
import { formatBytes } from '../../../lib/format';
import { notifyError } from '../../../lib/notices';
import { useAttachmentBlob, useDownloadAttachment } from '../api/downloadAttachment';

const isImage = (a: AttachmentRef) => (INLINE_ATTACHMENT_TYPES as readonly string[]).includes(a.content_type);

/** An object URL for a Blob, revoked when it changes or the component goes away. */
function useObjectUrl(blob: Blob | undefined): string | null {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : null), [blob]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

function DownloadButton({ ticketId, attachment }: { ticketId: string; attachment: AttachmentRef }) {
  const download = useDownloadAttachment();
  return (
    <Tooltip label="Download">
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Download ${attachment.filename}`}
        loading={download.isPending}
        onClick={() =>
          download.mutate(
            { ticketId, attachmentId: attachment.id, filename: attachment.filename },
            { onError: (e) => notifyError(e, 'Could not download the file') },
          )
        }
      >
        <IconDownload size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/** A thumbnail of an image attachment; clicking it shows the image large. */
function ImagePreview({ ticketId, attachment }: { ticketId: string; attachment: AttachmentRef }) {
  const blob = useAttachmentBlob(ticketId, attachment.id);
  const url = useObjectUrl(blob.data);
  const [open, setOpen] = useState(false);
  if (blob.isPending) return <Loader size="xs" aria-label={`Loading ${attachment.filename}`} />;
  if (!url) return <IconFile size={20} />;
  return (
    <>
      <UnstyledButton onClick={() => setOpen(true)} aria-label={`Preview ${attachment.filename}`}>
        <Image src={url} alt={attachment.filename} h={64} w={96} fit="cover" radius="sm" />
      </UnstyledButton>
      <Modal opened={open} onClose={() => setOpen(false)} title={attachment.filename} size="auto" centered>
        <Image src={url} alt={attachment.filename} mah="80vh" fit="contain" />
      </Modal>
    </>
  );
}

/** Files of a message: images as previews, everything with a download button. */
export function AttachmentList({ ticketId, attachments }: { ticketId: string; attachments: AttachmentRef[] }) {
  if (attachments.length === 0) return null;
  return (
    <Stack gap={6} mt="xs" component="ul" aria-label="Attachments" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {attachments.map((a) => (
        <Paper key={a.id} component="li" withBorder radius="sm" p={6} data-testid={`attachment-${a.filename}`}>
          <Group gap="sm" wrap="nowrap" justify="space-between">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              {isImage(a) ? <ImagePreview ticketId={ticketId} attachment={a} /> : <IconFile size={20} />}
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  {a.filename}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatBytes(a.size)} · {a.content_type}
                </Text>
              </Stack>
            </Group>
            <DownloadButton ticketId={ticketId} attachment={a} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
