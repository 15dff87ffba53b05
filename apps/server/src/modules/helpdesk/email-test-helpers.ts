/** Test helpers for the email channel suites: real MIME messages, channels, the raw-MIME endpoint. */
import { expect } from 'vitest';
import type Mail from 'nodemailer/lib/mailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ApiResponse, TestContext } from '../../test/harness.js';

/** A real MIME message as a mail client would send it (nodemailer's composer: multipart, encodings). */
export async function mime(o: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date(), ...o }).compile().build();
}

export interface TestChannel {
  id: string;
  address: string;
  inbound_token: string;
}

let n = 0;
/** A channel of the demo tenant (or of `token`'s tenant). */
export async function createChannel(c: TestContext, body: Record<string, unknown> = {}, token = c.tokens.tenant_admin): Promise<TestChannel> {
  n++;
  const r = await c.api('POST', '/api/v1/helpdesk/email-channels', {
    token,
    body: { name: `Support ${n} ${Math.random().toString(36).slice(2, 6)}`, address: `support${n}-${Math.random().toString(36).slice(2, 6)}@demo.test`, ...body },
  });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

/** POST one raw message to the raw-MIME endpoint with the channel's token. */
export async function postRaw(c: TestContext, token: string | null, raw: Buffer | string, contentType = 'message/rfc822'): Promise<ApiResponse> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await c.app.inject({ method: 'POST', url: '/api/v1/helpdesk/email-inbound', headers, payload: raw });
  let body: unknown;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body, text: res.body };
}

/** A unique Message-ID for a test message. */
export const msgId = (tag = 'm') => `<${tag}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 10)}@customer.test>`;

/** Tickets of the demo tenant whose subject contains `q` (any case). */
export async function ticketsLike(c: TestContext, q: string): Promise<{ id: string; number: string; subject: string; status: string; requester_id: string | null }[]> {
  const r = await c.api('GET', `/api/v1/tickets?q=${encodeURIComponent(q)}&page_size=100`, { token: c.tokens.agent });
  expect(r.status, r.text).toBe(200);
  // The list's `q` may be a full-text search (any word matches): keep the subjects that contain `q`.
  return r.body.data.filter((t: { subject: string }) => t.subject.toLowerCase().includes(q.toLowerCase()));
}

export async function thread(c: TestContext, ticketId: string): Promise<{ id: string; body: string; internal: boolean; author_contact_id: string | null; author_user_id: string | null }[]> {
  const r = await c.api('GET', `/api/v1/tickets/${ticketId}/messages`, { token: c.tokens.agent });
  expect(r.status, r.text).toBe(200);
  return r.body.data;
}
