import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import { type GREETING_AUDIO_TYPES, GREETING_MAX_BYTES, type GreetingAudio } from '@switchboard/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { GreetingColumns } from '../../../db/schema.js';
import { AppError, notFound, validation } from '../../../http/errors.js';
import { now } from '../../../http/pagination.js';

type AudioType = (typeof GREETING_AUDIO_TYPES)[number];

/** Detected type (by file-type's magic numbers) → our content type and file extension. */
const AUDIO: Record<string, { type: AudioType; ext: string }> = {
  'audio/wav': { type: 'audio/wav', ext: 'wav' },
  'audio/mpeg': { type: 'audio/mpeg', ext: 'mp3' },
  'audio/ogg': { type: 'audio/ogg', ext: 'ogg' },
  // Opus is carried in Ogg: the same container Asterisk's format_ogg_opus reads.
  'audio/opus': { type: 'audio/ogg', ext: 'ogg' },
};
const EXT_OF: Record<AudioType, string> = { 'audio/wav': 'wav', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg' };

/** The audio type of some bytes, from their content only (a file's name or declared type is not trusted). */
export async function sniffAudio(bytes: Uint8Array): Promise<AudioType | null> {
  const found = await fileTypeFromBuffer(bytes);
  return (found && AUDIO[found.mime]?.type) ?? null;
}

/** Multipart parsing for the routes of one plugin (greeting uploads); limits apply per upload. */
export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: GREETING_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
}

/** Where the file of a content hash lives: `<dataDir>/files/<sha256>.<ext>`. */
export function filePath(dataDir: string, sha256: string, type: AudioType): string {
  return join(dataDir, 'files', `${sha256}.${EXT_OF[type]}`);
}

export interface ReceivedGreeting {
  bytes: Buffer;
  type: AudioType;
  fileName: string | null;
}

/**
 * Read the single file part of a multipart request: at most GREETING_MAX_BYTES (413 beyond),
 * WAV, MP3 or Ogg audio by its bytes (400 otherwise, whatever its name or declared type).
 */
export async function receiveGreeting(req: FastifyRequest): Promise<ReceivedGreeting> {
  if (!req.isMultipart())
    throw new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Upload the audio as multipart/form-data with one file part', [
      { field: 'file', message: 'multipart/form-data expected' },
    ]);
  const part = await req.file();
  if (!part) throw validation('No file in the upload', [{ field: 'file', message: 'required' }]);
  const bytes = await part.toBuffer();
  if (!bytes.length) throw validation('The file is empty', [{ field: 'file', message: 'empty file' }]);
  const type = await sniffAudio(bytes);
  if (!type)
    throw validation('The file is not WAV, MP3 or Ogg audio (its content is checked, not its name)', [
      { field: 'file', message: 'not a WAV, MP3 or Ogg audio file' },
    ]);
  const fileName = part.filename ? safeFileName(part.filename) : null;
  return { bytes, type, fileName };
}

/** A file name fit to show and to send back in Content-Disposition: no control characters, quotes or slashes. */
function safeFileName(name: string): string {
  return [...name]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || '"\\/'.includes(ch) ? '_' : ch))
    .join('')
    .slice(0, 255);
}

/** Store bytes once by their SHA-256 (an identical upload reuses the file); returns the greeting's columns. */
export async function storeGreeting(dataDir: string, g: ReceivedGreeting): Promise<GreetingColumns> {
  const sha256 = createHash('sha256').update(g.bytes).digest('hex');
  const path = filePath(dataDir, sha256, g.type);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(join(dataDir, 'files'), { recursive: true });
    // Written aside, then renamed into place: a reader never sees half a file.
    const tmp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, g.bytes);
      await rename(tmp, path);
    } finally {
      await rm(tmp, { force: true });
    }
  }
  return {
    greeting_sha256: sha256,
    greeting_content_type: g.type,
    greeting_size: g.bytes.length,
    greeting_file_name: g.fileName,
    greeting_uploaded_at: now(),
  };
}

/** The columns that clear a greeting. */
export const NO_GREETING: GreetingColumns = {
  greeting_sha256: null,
  greeting_content_type: null,
  greeting_size: null,
  greeting_file_name: null,
  greeting_uploaded_at: null,
};

/** Row columns → API shape (null without an upload). */
export function toGreetingAudio(r: GreetingColumns): GreetingAudio | null {
  if (!r.greeting_sha256 || !r.greeting_content_type) return null;
  return {
    content_type: r.greeting_content_type as AudioType,
    size: Number(r.greeting_size ?? 0),
    sha256: r.greeting_sha256,
    file_name: r.greeting_file_name,
    uploaded_at: r.greeting_uploaded_at ?? '',
  };
}

/** Send a stored greeting (404 when there is none, or its file is gone from the data folder). */
export async function sendGreeting(reply: FastifyReply, dataDir: string, r: GreetingColumns, fallbackName: string) {
  const g = toGreetingAudio(r);
  if (!g) throw notFound('Greeting');
  const path = filePath(dataDir, g.sha256, g.content_type);
  const found = await access(path).then(
    () => true,
    () => false,
  );
  if (!found) throw notFound('Greeting file');
  const name = g.file_name ?? `${fallbackName}.${EXT_OF[g.content_type]}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .type(g.content_type)
    .header('content-length', String(g.size))
    .header('etag', `"${g.sha256}"`)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(createReadStream(path));
}
