import type { ChatAttachment } from '@switchboard/shared';
import { apiDownload, apiFetch } from '../../../lib/api';

const path = (sessionId: string, fileId: string) => `/chat/sessions/${sessionId}/files/${fileId}`;

/** Saves a chat file (the download needs the Authorization header, so a plain link cannot do it). */
export const downloadChatFile = (sessionId: string, file: ChatAttachment) => apiDownload(path(sessionId, file.id), file.filename);

/** A chat image as an object URL for an <img> (revoke it when done). */
export async function chatFileObjectUrl(sessionId: string, fileId: string): Promise<string> {
  const res = await apiFetch(path(sessionId, fileId), { accept: '*/*' });
  return URL.createObjectURL(await res.blob());
}
