/**
 * Test support for the queue, IVR and voicemail suites: Asterisk row checks (../ara-assert.ts),
 * extensions through the API, tiny audio files and multipart
 * uploads. Imported by tests only.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiResponse, TestContext } from '../../../test/harness.js';
import { assertAraRowValid } from '../ara-assert.js';

/** Asserts every row is what Asterisk reads (against ../shared/asterisk/ara-schema.json; skipped without it), and that there are rows. */
export function expectAraRowsValid(table: string, rows: Record<string, unknown>[]): void {
  expect(rows.length, `${table} rows`).toBeGreaterThan(0);
  for (const r of rows) assertAraRowValid(table, r);
}

/** Field names of a problem's errors. */
export const fields = (r: ApiResponse) => ((r.body?.errors ?? []) as { field: string }[]).map((e) => e.field);

/** An extension of tenant demo (or of the token's tenant), through the extensions API. */
export async function createExtension(c: TestContext, displayName: string, token = c.tokens.tenant_admin): Promise<{ id: string; number: string }> {
  const r = await c.api('POST', '/api/v1/telephony/extensions', { token, body: { display_name: displayName } });
  expect(r.status, r.text).toBe(201);
  return { id: r.body.data.id, number: r.body.data.number };
}

/** A real, tiny WAV file: RIFF header, `fmt ` chunk (PCM, mono, 8 kHz, 8 bit) and `samples` bytes of audio. */
export function tinyWav(samples = 16): Buffer {
  const b = Buffer.alloc(44 + samples);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24); // sample rate
  b.writeUInt32LE(8000, 28); // byte rate
  b.writeUInt16LE(1, 32); // block align
  b.writeUInt16LE(8, 34); // bits per sample
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) b[44 + i] = 128 + Math.round(40 * Math.sin(i / 2));
  return b;
}

/** A multipart/form-data body with one file part. */
export function multipartBody(bytes: Buffer, fileName: string, contentType = 'application/octet-stream', field = 'file') {
  const boundary = `----sbt${randomUUID().replaceAll('-', '')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Upload a file to a greeting route (binary-safe, unlike the JSON client). */
export async function upload(c: TestContext, url: string, token: string | null, bytes: Buffer, fileName: string, contentType?: string) {
  const { payload, headers } = multipartBody(bytes, fileName, contentType);
  const res = await c.app.inject({ method: 'POST', url, payload, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body, text: res.body, raw: res.rawPayload };
}

/** Switch a feature of tenant demo on or off (as the superadmin). */
export async function setFeature(c: TestContext, feature: string, on: boolean): Promise<void> {
  const r = await c.api('PATCH', '/api/v1/tenants/demo', { token: c.tokens.superadmin, body: { features: { [feature]: on } } });
  expect(r.status, r.text).toBe(200);
}
