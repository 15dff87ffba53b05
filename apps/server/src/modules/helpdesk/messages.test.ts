import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

async function ticket(c: TestContext, subject = 'Thread') {
  const r = await c.api('POST', '/api/v1/tickets', { token: c.tokens.agent, body: { subject } });
  expect(r.status, r.text).toBe(201);
  return r.body.data as { id: string; first_response_at: string | null };
}

const post = (c: TestContext, id: string, body: Record<string, unknown>, token = c.tokens.agent) => c.api('POST', `/api/v1/tickets/${id}/messages`, { token, body });

describeEachDb('ticket messages', (ctx) => {
  describe('POST /api/v1/tickets/:id/messages', () => {
    it('threads notes and replies; the first public reply sets first_response_at once', async () => {
      const c = ctx();
      const t = await ticket(c);
      const note = await post(c, t.id, { body: 'Looking into it', internal: true });
      expect(note.status, note.text).toBe(201);
      expect(note.body.data).toMatchObject({ internal: true, format: 'text', body: 'Looking into it', edited_at: null });
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent })).body.data.first_response_at).toBeNull();
      const reply = await post(c, t.id, { body: 'Hello, fixed.' });
      expect(reply.status).toBe(201);
      const first = (await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent })).body.data.first_response_at;
      expect(first).toBe(reply.body.data.created_at);
      await post(c, t.id, { body: 'Another reply' });
      expect((await c.api('GET', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent })).body.data.first_response_at).toBe(first);
      const thread = await c.api('GET', `/api/v1/tickets/${t.id}/messages`, { token: c.tokens.viewer });
      expect(thread.body.data.map((m: { body: string; internal: boolean }) => [m.body, m.internal])).toEqual([
        ['Looking into it', true],
        ['Hello, fixed.', false],
        ['Another reply', false],
      ]);
    });

    it('sanitises HTML: scripts, handlers and javascript: links are removed, formatting stays', async () => {
      const c = ctx();
      const t = await ticket(c);
      const r = await post(c, t.id, { format: 'html', body: '<p onclick="x()">Hi <b>there</b><script>alert(1)</script> <a href="javascript:alert(1)">x</a> <a href="https://ok.example">ok</a></p>' });
      expect(r.status, r.text).toBe(201);
      const body: string = r.body.data.body;
      expect(body).toContain('<b>there</b>');
      expect(body).toContain('href="https://ok.example"');
      expect(body).not.toMatch(/script|onclick|javascript:/i);
      const empty = await post(c, t.id, { format: 'html', body: '<script>alert(1)</script>' });
      expect(empty.status).toBe(400);
      expect(fields(empty)).toEqual(['body']);
    });

    it('400 with fields, 401, 403, other tenant 404, closed ticket 409; nothing written', async () => {
      const c = ctx();
      const t = await ticket(c);
      const bad = await post(c, t.id, { body: ' ', format: 'rtf', internal: 'yes' });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['body', 'format', 'internal']);
      expect((await c.api('POST', `/api/v1/tickets/${t.id}/messages`, { body: { body: 'x' } })).status).toBe(401);
      expect((await post(c, t.id, { body: 'x' }, c.tokens.viewer)).status).toBe(403);
      expect((await post(c, t.id, { body: 'x' }, c.other.token)).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}/messages`, { token: c.other.token })).status).toBe(404);
      await c.api('PATCH', `/api/v1/tickets/${t.id}`, { token: c.tokens.agent, body: { status: 'closed' } });
      expect((await post(c, t.id, { body: 'late' })).status).toBe(409);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}/messages`, { token: c.tokens.agent })).body.data).toEqual([]);
    });
  });

  describe('PATCH /api/v1/tickets/:id/messages/:message_id', () => {
    it('edits internal notes keeping their history; public replies cannot be edited', async () => {
      const c = ctx();
      const t = await ticket(c);
      const note = (await post(c, t.id, { body: 'v1', internal: true })).body.data;
      const e1 = await c.api('PATCH', `/api/v1/tickets/${t.id}/messages/${note.id}`, { token: c.tokens.agent, body: { body: 'v2' } });
      expect(e1.status, e1.text).toBe(200);
      expect(e1.body.data).toMatchObject({ body: 'v2', internal: true });
      expect(e1.body.data.edited_at).toBeTruthy();
      await c.api('PATCH', `/api/v1/tickets/${t.id}/messages/${note.id}`, { token: c.tokens.agent, body: { body: '<i>v3</i><img src=x onerror=alert(1)>', format: 'html' } });
      const hist = await c.api('GET', `/api/v1/tickets/${t.id}/messages/${note.id}/history`, { token: c.tokens.viewer });
      expect(hist.status).toBe(200);
      expect(hist.body.data.map((h: { body: string }) => h.body)).toEqual(['v2', 'v1']);
      const now = (await c.api('GET', `/api/v1/tickets/${t.id}/messages`, { token: c.tokens.viewer })).body.data[0];
      expect(now.body).toContain('<i>v3</i>');
      expect(now.body).not.toContain('onerror');
      const pub = (await post(c, t.id, { body: 'sent' })).body.data;
      const refused = await c.api('PATCH', `/api/v1/tickets/${t.id}/messages/${pub.id}`, { token: c.tokens.agent, body: { body: 'changed' } });
      expect(refused.status).toBe(409);
      expect((await c.api('PATCH', `/api/v1/tickets/${t.id}/messages/${note.id}`, { token: c.other.token, body: { body: 'x' } })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tickets/${t.id}/messages/${note.id}/history`, { token: c.other.token })).status).toBe(404);
      const other = await ticket(c, 'Other');
      expect((await c.api('GET', `/api/v1/tickets/${other.id}/messages/${note.id}/history`, { token: c.tokens.agent })).status).toBe(404);
      const after = (await c.api('GET', `/api/v1/tickets/${t.id}/messages`, { token: c.tokens.viewer })).body.data.map((m: { body: string }) => m.body);
      expect(after[1]).toBe('sent');
    });
  });
});
