import { MAX_ATTACHMENTS_PER_MESSAGE, type TicketAttachment } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../lib/errors';
import { useDiscardAttachment } from '../api/discardAttachment';
import { useAttachments } from '../api/getAttachments';
import { useUploadAttachments } from '../api/uploadAttachments';

/**
 * Files waiting to go out with the next message. Uploads start as soon as files are picked or dropped;
 * what this agent uploaded earlier and never sent (a reload, another tab) comes back here.
 */
export function useComposerAttachments(ticketId: string, userId: string | undefined) {
  const upload = useUploadAttachments();
  const discard = useDiscardAttachment();
  const existing = useAttachments(ticketId, Boolean(userId));
  const [pending, setPending] = useState<TicketAttachment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const restored = useRef(false);

  useEffect(() => {
    if (restored.current || !existing.data) return;
    restored.current = true;
    const unsent = existing.data.filter((a) => a.message_id === null && a.created_by === userId);
    if (unsent.length) setPending((p) => [...unsent.filter((u) => !p.some((x) => x.id === u.id)), ...p]);
  }, [existing.data, userId]);

  const add = (files: File[]) => {
    setError(null);
    const room = MAX_ATTACHMENTS_PER_MESSAGE - pending.length;
    if (files.length > room) {
      setError(`A message takes at most ${MAX_ATTACHMENTS_PER_MESSAGE} files.`);
      return;
    }
    upload.mutate({ ticketId, files }, { onSuccess: (rows) => setPending((p) => [...p, ...rows]), onError: (e) => setError(errorMessage(e)) });
  };

  const remove = (id: string) => {
    setError(null);
    discard.mutate(
      { ticketId, attachmentId: id },
      { onSuccess: () => setPending((p) => p.filter((a) => a.id !== id)), onError: (e) => setError(errorMessage(e)) },
    );
  };

  return {
    pending,
    error,
    uploading: upload.isPending,
    removing: discard.isPending ? discard.variables?.attachmentId : undefined,
    add,
    remove,
    /** After a send: the files went out with the message. */
    clear: () => {
      setPending([]);
      setError(null);
    },
  };
}

export type ComposerAttachments = ReturnType<typeof useComposerAttachments>;
