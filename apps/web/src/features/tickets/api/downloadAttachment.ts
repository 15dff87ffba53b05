import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { apiDownload, apiFetch } from '../../../lib/api';

const path = (ticketId: string, attachmentId: string) => `/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`;

/** Saves the file (fetched with the token: a plain link cannot send it). */
export const downloadAttachment = ({ ticketId, attachmentId, filename }: { ticketId: string; attachmentId: string; filename: string }) =>
  apiDownload(path(ticketId, attachmentId), filename);

export function useDownloadAttachment() {
  return useMutation({ mutationFn: downloadAttachment });
}

/** An image attachment as a Blob for an inline preview (`?inline=1`, raster images only). */
export const getAttachmentBlob = async (ticketId: string, attachmentId: string, signal?: AbortSignal) =>
  (await apiFetch(path(ticketId, attachmentId), { query: { inline: 1 }, accept: 'image/*', signal })).blob();

export const attachmentBlobQueryOptions = (ticketId: string, attachmentId: string) =>
  queryOptions({
    // Not under `tickets`: ticket events refresh lists and threads, never the bytes of a stored file.
    queryKey: ['attachment-blobs', ticketId, attachmentId] as const,
    queryFn: ({ signal }) => getAttachmentBlob(ticketId, attachmentId, signal),
    // A stored file never changes.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 5 * 60_000,
  });

export function useAttachmentBlob(ticketId: string, attachmentId: string, enabled = true) {
  return useQuery({ ...attachmentBlobQueryOptions(ticketId, attachmentId), enabled });
}
