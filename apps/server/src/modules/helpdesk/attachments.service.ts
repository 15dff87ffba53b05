import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AttachmentRef, DEFAULT_MAX_ATTACHMENT_MB, type TicketAttachment } from '@switchboard/shared';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { dialectOfDb } from '../../db/migration-helpers.js';
import { parseJson } from '../../db/query.js';
import type { DB, TicketAttachmentsTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { now } from '../../http/pagination.js';

/** Bytes kept from the start of a file to recognise its type. */
const HEAD_BYTES = 64 * 1024;

/** Where the file with these bytes lives: `<dataDir>/files/<aa>/<sha256>` (two-letter fan-out keeps folders small). */
export function blobPath(dataDir: string, sha256: string): string {
  return join(dataDir, 'files', sha256.slice(0, 2), sha256);
}

/** A received file waiting in `<dataDir>/files/tmp` until its row is written. */
export interface StagedFile {
  /** The temporary file (same file system as the store, so the final rename is atomic). */
  tmp: string;
  sha256: string;
  size: number;
  /** The first bytes, for type sniffing. */
  head: Buffer;
  /** The name as sent, cleaned. */
  filename: string;
}

/** A file name fit to show and to send back in Content-Disposition: no control characters, quotes or slashes. */
export function safeFileName(name: string | null | undefined): string {
  const cleaned = [...(name ?? '')]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || '"\\/'.includes(ch) ? '_' : ch))
    .join('')
    .trim()
    .slice(0, 255);
  return cleaned || 'file';
}

async function tmpPath(dataDir: string): Promise<string> {
  const dir = join(dataDir, 'files', 'tmp');
  await mkdir(dir, { recursive: true });
  return join(dir, `${randomUUID()}.part`);
}

/** 413 `attachment_too_large` naming the tenant's limit. */
export function tooLarge(maxMb: number): AppError {
  return new AppError(413, 'attachment_too_large', 'Attachment too large', `Attachments may be at most ${maxMb} MB (the tenant's max_attachment_mb)`, [
    { field: 'file', message: `larger than ${maxMb} MB` },
  ]);
}

/**
 * Stream an upload into a temporary file, hashing it on the way. Stops with 413 at `maxBytes`
 * (the stream reports `truncated` when the multipart parser cut it there).
 */
export async function stageStream(
  dataDir: string,
  stream: Readable & { truncated?: boolean },
  filename: string | undefined,
  maxMb: number,
): Promise<StagedFile> {
  const tmp = await tmpPath(dataDir);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      if (headLen < HEAD_BYTES) {
        const piece = chunk.subarray(0, HEAD_BYTES - headLen);
        head.push(piece);
        headLen += piece.length;
      }
      cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(tmp));
    if (stream.truncated || size > maxMb * 1024 * 1024) throw tooLarge(maxMb);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { tmp, sha256: hash.digest('hex'), size, head: Buffer.concat(head), filename: safeFileName(filename) };
}

/** Stage bytes already in memory (email attachments). */
export async function stageBuffer(dataDir: string, data: Buffer, filename: string | undefined): Promise<StagedFile> {
  const tmp = await tmpPath(dataDir);
  await writeFile(tmp, data);
  return {
    tmp,
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length,
    head: data.subarray(0, HEAD_BYTES),
    filename: safeFileName(filename),
  };
}

// ---------------------------------------------------------------------------------------------
// Types: sniffed from the bytes; the name only ever makes a file less welcome, never more.
// ---------------------------------------------------------------------------------------------

/** Detected types that run code when opened: refused whatever the file is called. */
const REFUSED_TYPES: Record<string, string> = {
  'application/x-msdownload': 'a Windows program or library (PE: exe, dll, scr, sys)',
  'application/x-elf': 'a Linux/Unix program (ELF)',
  'application/x-mach-binary': 'a macOS program (Mach-O)',
  'application/java-vm': 'a Java class file',
  'application/java-archive': 'a Java archive (jar)',
  'application/vnd.android.package-archive': 'an Android app (apk)',
  'application/x-shockwave-flash': 'a Flash movie',
  'application/vnd.ms-htmlhelp': 'a compiled HTML help file (chm)',
  'application/x.ms.shortcut': 'a Windows shortcut (lnk)',
  'application/x-ms-regedit': 'a Windows registry file',
  'application/x-ft-windows-registry-hive': 'a Windows registry hive',
  'application/wasm': 'a WebAssembly module',
  'application/x-google-chrome-extension': 'a browser extension',
  'application/x-xpinstall': 'a browser extension',
};

/** Names that Windows or a desktop runs on a double click, whatever their content looks like. */
const REFUSED_EXTENSIONS = new Set(
  'exe dll com scr pif cpl sys msi msp mst msc bat cmd ps1 psm1 psd1 vbs vbe js jse mjs wsf wsh wsc hta jar jnlp lnk reg sct inf scf app'.split(' '),
);

/** CFB root-entry CLSIDs of Windows Installer packages, patches and transforms (MSI/MSP/MST are CFB files). */
const INSTALLER_CLSIDS = ['84100c0000000000c000000000000046', '86100c0000000000c000000000000046', '82100c0000000000c000000000000046'];

/** The CLSID of a compound file's root storage, when the head holds the first directory sector. */
function cfbRootClsid(head: Buffer): string | null {
  if (head.length < 512) return null;
  const shift = head.readUInt16LE(0x1e);
  if (shift < 9 || shift > 16) return null;
  const dirSector = head.readUInt32LE(0x30);
  const offset = (dirSector + 1) * 2 ** shift + 0x50;
  if (offset + 16 > head.length) return null;
  return head.subarray(offset, offset + 16).toString('hex');
}

function refused(what: string): AppError {
  return new AppError(415, 'attachment_type_refused', 'Attachment type refused', `Attachments that can run code are refused: this file is ${what}`, [
    { field: 'file', message: `refused: ${what}` },
  ]);
}

const HTML_START = /^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe|<meta|<!--)/i;

/**
 * The content type of a file, from its bytes (file-type's magic numbers, then a look at text).
 * Throws 415 `attachment_type_refused` for programs, installers, scripts (`#!`, batch) and names
 * that a desktop would run. Unknown binary data is `application/octet-stream`.
 */
export async function sniffAttachmentType(head: Buffer, filename: string): Promise<string> {
  const ext = /\.([A-Za-z0-9]+)\s*$/.exec(filename)?.[1]?.toLowerCase();
  if (ext && REFUSED_EXTENSIONS.has(ext)) refusedName(ext);
  const found = await fileTypeFromBuffer(head);
  if (found) {
    const why = REFUSED_TYPES[found.mime];
    if (why) throw refused(why);
    if (found.mime === 'application/x-cfb') {
      const clsid = cfbRootClsid(head);
      if (clsid && INSTALLER_CLSIDS.includes(clsid)) throw refused('a Windows Installer package (msi/msp/mst)');
    }
    if (found.mime === 'application/xml') return /<svg[\s>]/i.test(head.toString('utf8')) ? 'image/svg+xml' : 'application/xml';
    return found.mime;
  }
  let text = head;
  if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) text = text.subarray(3);
  if (text[0] === 0x23 && text[1] === 0x21) throw refused('a script (it starts with #!)');
  if (text.includes(0)) return 'application/octet-stream';
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(text, { stream: true });
  } catch {
    return 'application/octet-stream';
  }
  if (/^\s*@?echo\s+off\b/i.test(decoded)) throw refused('a batch script');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!doctype\s+svg[^>]*>\s*)?<svg[\s>]/i.test(decoded)) return 'image/svg+xml';
  if (HTML_START.test(decoded)) return 'text/html';
  return 'text/plain';
}

function refusedName(ext: string): never {
  throw new AppError(415, 'attachment_type_refused', 'Attachment type refused', `Files named .${ext} are refused: a desktop would run them`, [
    { field: 'file', message: `refused: .${ext} file` },
  ]);
}

// ---------------------------------------------------------------------------------------------
// The store: content-addressed files, each guarded by its stored_files row.
// ---------------------------------------------------------------------------------------------

/**
 * Take the row lock of a hash inside the caller's transaction (created if new). Uploads and
 * purges of the same bytes queue behind it until commit, so a purge that sees no reference
 * never deletes a file an upload is about to reference.
 */
async function lockBlob(trx: Kysely<DB>, sha256: string, size: number): Promise<void> {
  const at = now();
  const row = { sha256, size, created_at: at, last_used_at: at };
  // An upsert that updates takes the exclusive row lock straight away (no shared-then-exclusive
  // upgrade, which deadlocks two concurrent uploads on MariaDB).
  if (dialectOfDb(trx) === 'mysql') await trx.insertInto('stored_files').values(row).onDuplicateKeyUpdate({ last_used_at: at }).execute();
  else
    await trx
      .insertInto('stored_files')
      .values(row)
      .onConflict((oc) => oc.column('sha256').doUpdateSet({ last_used_at: at }))
      .execute();
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Move a staged file into the store (written aside, then renamed: a reader never sees half a file); an identical file already there is kept. */
async function placeBlob(dataDir: string, f: StagedFile): Promise<void> {
  const path = blobPath(dataDir, f.sha256);
  if (await exists(path)) {
    await rm(f.tmp, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await rename(f.tmp, path);
}

/**
 * Put one staged file into the store inside the caller's transaction, for modules that keep their
 * own rows (chat files): typed from its bytes (415 for what can run code), the hash's row lock
 * taken, the file placed. Returns the content type; write the row referencing `f.sha256` in the
 * same transaction (and make `releaseBlobs` look at that table). The staged file is consumed.
 */
export async function storeBlob(dataDir: string, trx: Kysely<DB>, f: StagedFile): Promise<string> {
  try {
    const type = await sniffAttachmentType(f.head, f.filename);
    await lockBlob(trx, f.sha256, f.size);
    await placeBlob(dataDir, f);
    return type;
  } finally {
    await discardStaged([f]);
  }
}

/** Drop staged files that did not make it into the store (an error, a refusal). */
export async function discardStaged(files: StagedFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f.tmp, { force: true })));
}

/** Row → API shape. `internal`: the carrying message is an internal note. */
export function toAttachment(r: TicketAttachmentsTable, internal: boolean): TicketAttachment {
  return {
    id: r.id,
    ticket_id: r.ticket_id,
    message_id: r.message_id,
    filename: r.filename,
    content_type: r.content_type,
    size: Number(r.size),
    created_by: r.created_by,
    created_at: r.created_at,
    internal,
  };
}

/** The tenant's largest attachment in MB (settings.max_attachment_mb, default 20). */
export async function maxAttachmentMb(db: Kysely<DB>, tenantId: string): Promise<number> {
  const t = await db.selectFrom('tenants').select('settings').where('id', '=', tenantId).executeTakeFirst();
  const v = parseJson<{ max_attachment_mb?: number }>(t?.settings, {}).max_attachment_mb;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_MAX_ATTACHMENT_MB;
}

export interface NewAttachment {
  tenantId: string;
  ticketId: string;
  /** The message that carries it (null: uploaded, waiting to be sent with a message). */
  messageId: string | null;
  /** Whether that message is an internal note (for the returned shape only). */
  internal?: boolean;
  createdBy: string | null;
}

/**
 * Store staged files (already size-checked) inside the caller's transaction: each is typed from
 * its bytes (415 for what can run code), its file placed in the store before the row is written,
 * and one row per file inserted. The staged files are consumed (moved or removed), also on error.
 */
export async function storeStaged(dataDir: string, trx: Kysely<DB>, a: NewAttachment, files: StagedFile[]): Promise<TicketAttachment[]> {
  try {
    const types = await Promise.all(files.map((f) => sniffAttachmentType(f.head, f.filename)));
    // Locks in hash order: two uploads of the same files never wait on each other in a circle.
    for (const f of [...files].sort((x, y) => x.sha256.localeCompare(y.sha256))) {
      await lockBlob(trx, f.sha256, f.size);
      await placeBlob(dataDir, f);
    }
    const at = now();
    const rows: TicketAttachmentsTable[] = files.map((f, i) => ({
      id: uuidv7(),
      tenant_id: a.tenantId,
      ticket_id: a.ticketId,
      message_id: a.messageId,
      filename: f.filename,
      content_type: types[i],
      size: f.size,
      sha256: f.sha256,
      created_by: a.createdBy,
      created_at: at,
    }));
    if (rows.length) await trx.insertInto('ticket_attachments').values(rows).execute();
    return rows.map((r) => toAttachment(r, a.internal ?? false));
  } finally {
    await discardStaged(files);
  }
}

/**
 * Store one attachment from bytes in memory, inside the caller's transaction (the email channel
 * keeps inbound attachments with it). Checks the tenant's `max_attachment_mb` (413
 * `attachment_too_large`) and the type from the bytes (415 `attachment_type_refused`); both are
 * AppErrors a caller may catch to skip the file (see `isAttachmentRefusal`). The file is written
 * to the store (atomically, once per content) before the row; the ticket must be the tenant's.
 */
export async function storeAttachment(
  deps: { config: { dataDir: string } },
  trx: Kysely<DB>,
  input: NewAttachment & { filename: string | null | undefined; data: Buffer },
): Promise<TicketAttachment> {
  const maxMb = await maxAttachmentMb(trx, input.tenantId);
  if (input.data.length > maxMb * 1024 * 1024) throw tooLarge(maxMb);
  const staged = await stageBuffer(deps.config.dataDir, input.data, input.filename ?? undefined);
  const [stored] = await storeStaged(deps.config.dataDir, trx, input, [staged]);
  return stored;
}

/** True for the refusals of `storeAttachment` (too large, refused type): skip the file, keep the rest. */
export function isAttachmentRefusal(err: unknown): boolean {
  return err instanceof AppError && (err.code === 'attachment_too_large' || err.code === 'attachment_type_refused');
}

/**
 * Delete the files of these hashes that no attachment references any more. Run after the
 * transaction that deleted the rows has committed: each hash is re-checked under its row lock,
 * so an upload of the same bytes in flight keeps its file.
 */
export async function releaseBlobs(db: Kysely<DB>, dataDir: string, hashes: string[]): Promise<number> {
  let deleted = 0;
  for (const sha256 of [...new Set(hashes)].sort()) {
    await db.transaction().execute(async (trx) => {
      const locked = await trx.updateTable('stored_files').set({ last_used_at: now() }).where('sha256', '=', sha256).executeTakeFirst();
      if (Number(locked.numUpdatedRows) === 0) return;
      // Any tenant's reference counts: the same bytes are stored once for everyone.
      const used = await trx.selectFrom('ticket_attachments').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
      if (used) return;
      // Files sent in chats share the store.
      const chat = await trx.selectFrom('chat_files').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
      if (chat) return;
      await trx.deleteFrom('stored_files').where('sha256', '=', sha256).execute();
      await rm(blobPath(dataDir, sha256), { force: true });
      deleted++;
    });
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// Attachments of messages
// ---------------------------------------------------------------------------------------------

/** The attachments of many messages in one query (threads stay at a fixed number of queries). */
export async function attachmentsOfMessages(db: Kysely<DB>, tenantId: string, messageIds: string[]): Promise<Map<string, AttachmentRef[]>> {
  const out = new Map<string, AttachmentRef[]>(messageIds.map((id) => [id, []]));
  if (!messageIds.length) return out;
  const rows = await db
    .selectFrom('ticket_attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const r of rows)
    out.get(r.message_id as string)?.push({ id: r.id, filename: r.filename, content_type: r.content_type, size: Number(r.size), created_at: r.created_at });
  return out;
}

/**
 * Attach uploaded files to a new message, inside its transaction. Each id must be an attachment
 * uploaded to this ticket and not yet sent with a message: otherwise 400 on `attachment_ids`,
 * naming each, and nothing is linked.
 */
export async function linkAttachments(trx: Kysely<DB>, tenantId: string, ticketId: string, messageId: string, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const rows = await trx
    .selectFrom('ticket_attachments')
    .select(['id', 'message_id'])
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .where('id', 'in', unique)
    .execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  const errors: { field: string; message: string }[] = [];
  for (const id of unique) {
    const r = found.get(id);
    if (!r) errors.push({ field: 'attachment_ids', message: `attachment ${id} not found on this ticket` });
    else if (r.message_id) errors.push({ field: 'attachment_ids', message: `attachment ${id} was already sent with another message` });
  }
  if (errors.length) throw new AppError(400, 'validation_failed', 'Validation failed', 'Some attachments cannot be sent with this message', errors);
  const linked = await trx
    .updateTable('ticket_attachments')
    .set({ message_id: messageId })
    .where('tenant_id', '=', tenantId)
    .where('ticket_id', '=', ticketId)
    .where('id', 'in', unique)
    .where('message_id', 'is', null)
    .executeTakeFirst();
  // Another message took one of them meanwhile: this one fails whole (its transaction rolls back).
  if (Number(linked.numUpdatedRows) !== unique.length)
    throw new AppError(409, 'conflict', 'Conflict', 'An attachment was sent with another message meanwhile', [
      { field: 'attachment_ids', message: 'already sent' },
    ]);
}
