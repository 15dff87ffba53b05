import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { type ChatMessage, INLINE_ATTACHMENT_TYPES } from '@switchboard/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import type { ChatFilesTable, ChatSessionsTable, DB } from '../../db/schema.js';
import { AppError, notFound, validation } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { type StagedFile, blobPath, discardStaged, stageStream, storeBlob, tooLarge } from '../helpdesk/attachments.service.js';
import { postMessage } from './sessions.service.js';

/**
 * Files in chats: one file per message, stored in the content-addressed store of ticket
 * attachments (same size limit per tenant, same sniffing: type from the bytes, programs and
 * scripts refused), with a `chat_files` row per file. Downloads are always attachments except
 * raster images asked for inline; nothing a browser would run is served as itself.
 */

const MB = 1024 * 1024;

/** Read a chat upload: an optional `client_id` field and exactly one file, staged on disk within `maxMb`. */
export async function receiveChatFile(req: FastifyRequest, dataDir: string, maxMb: number): Promise<{ staged: StagedFile; clientId: string | null }> {
  if (!req.isMultipart())
    throw new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Upload the file as multipart/form-data', [{ field: 'file', message: 'multipart/form-data expected' }]);
  let staged: StagedFile | null = null;
  let clientId: string | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxMb * MB, files: 1, fields: 5 } })) {
      if (part.type === 'file') staged = await stageStream(dataDir, part.file, part.filename, maxMb);
      else if (part.fieldname === 'client_id' && typeof part.value === 'string' && part.value) clientId = part.value.slice(0, 64);
    }
  } catch (err) {
    if (staged) await discardStaged([staged]);
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxMb);
    if (code === 'FST_FILES_LIMIT') throw new AppError(413, 'too_many_files', 'Too many files', 'One file per message', [{ field: 'file', message: 'one file per message' }]);
    throw err;
  }
  if (!staged) throw validation('No file in the upload', [{ field: 'file', message: 'required' }]);
  if (staged.size === 0) {
    await discardStaged([staged]);
    throw validation(`The file ${staged.filename} is empty`, [{ field: 'file', message: 'empty file' }]);
  }
  return { staged, clientId };
}

/**
 * Send a staged file as a message of the session (stored once per client id, like text), inside
 * one transaction with its `chat_files` row; `check` refuses on the session row (ended, not yours).
 */
export async function postFileMessage(
  deps: Pick<AppDeps, 'db' | 'dbh' | 'hub' | 'config'>,
  tenantId: string,
  sessionId: string,
  author: { type: 'visitor' | 'agent'; userId: string | null },
  upload: { staged: StagedFile; clientId: string | null },
  check: (s: ChatSessionsTable) => void,
): Promise<{ message: ChatMessage; created: boolean }> {
  const { staged, clientId } = upload;
  try {
    return await postMessage(
      deps,
      tenantId,
      sessionId,
      { author_type: author.type, author_user_id: author.userId, body: '', client_id: clientId },
      check,
      async (trx) => {
        const contentType = await storeBlob(deps.config.dataDir, trx, staged);
        const id = uuidv7();
        await trx
          .insertInto('chat_files')
          .values({
            id,
            tenant_id: tenantId,
            session_id: sessionId,
            filename: staged.filename,
            content_type: contentType,
            size: staged.size,
            sha256: staged.sha256,
            uploaded_by: author.type,
            created_by: author.userId,
            created_at: now(),
          })
          .execute();
        return id;
      },
    );
  } finally {
    // A duplicate or a refusal never reached the store.
    await discardStaged([staged]);
  }
}

/** A file of a session. */
export async function getChatFile(db: Kysely<DB>, tenantId: string, sessionId: string, fileId: string): Promise<ChatFilesTable | undefined> {
  return db.selectFrom('chat_files').selectAll().where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).where('id', '=', fileId).executeTakeFirst();
}

/** Send a chat file: raster images inline when asked, everything else as an opaque download. */
export async function sendChatFile(reply: FastifyReply, dataDir: string, f: ChatFilesTable, wantsInline: boolean): Promise<FastifyReply> {
  const path = blobPath(dataDir, f.sha256);
  const found = await access(path).then(
    () => true,
    () => false,
  );
  if (!found) throw notFound('File');
  const image = (INLINE_ATTACHMENT_TYPES as readonly string[]).includes(f.content_type);
  const ascii = f.filename.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .type(image || f.content_type === 'application/pdf' || f.content_type === 'text/plain' ? f.content_type : 'application/octet-stream')
    .header('content-length', String(f.size))
    .header('etag', `"${f.sha256}"`)
    .header('cache-control', 'private, no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    .header('content-disposition', `${wantsInline && image ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
    .send(createReadStream(path));
}
