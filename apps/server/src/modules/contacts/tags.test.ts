import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

async function createTag(c: TestContext, body: Record<string, unknown>, token = c.tokens.supervisor) {
  const r = await c.api('POST', '/api/v1/tags', { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as { id: string; name: string; color: string | null; created_at: string };
}

async function tagCount(c: TestContext, token = c.tokens.viewer): Promise<number> {
  return (await c.api('GET', '/api/v1/tags?page_size=1', { token })).body.meta.total;
}

describeEachDb('tags', (ctx) => {
  describe('GET /api/v1/tags', () => {
    it("lists my tenant's tags by name with pagination meta and a name filter", async () => {
      const c = ctx();
      await createTag(c, { name: 'Tl Charlie' });
      await createTag(c, { name: 'Tl Alpha', color: '#00aa00' });
      // Lower-case on purpose: names sort ignoring case on every database.
      await createTag(c, { name: 'tl Bravo' });
      const r = await c.api('GET', '/api/v1/tags', { token: c.tokens.agent });
      expect(r.status).toBe(200);
      const all = r.body.data.map((t: { name: string }) => t.name);
      expect(all).toEqual(expect.arrayContaining(['VIP', 'Lead', 'Tl Alpha']));
      const q = await c.api('GET', '/api/v1/tags?q=tl ', { token: c.tokens.viewer });
      expect(q.body.data.map((t: { name: string }) => t.name)).toEqual(['Tl Alpha', 'tl Bravo', 'Tl Charlie']);
      expect(q.body.data[0]).toMatchObject({ color: '#00aa00' });
      expect(q.body.meta).toEqual({ page: 1, page_size: 25, total: 3 });
      const p2 = await c.api('GET', '/api/v1/tags?q=tl&page_size=2&page=2', { token: c.tokens.viewer });
      expect(p2.body.data.map((t: { name: string }) => t.name)).toEqual(['Tl Charlie']);
      expect(p2.body.meta).toEqual({ page: 2, page_size: 2, total: 3 });
      // A contact's tags come in the same order.
      const ids = q.body.data.map((t: { id: string }) => t.id).reverse();
      const contact = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Tl Sorted', tag_ids: ids } });
      expect(contact.body.data.tags.map((t: { name: string }) => t.name)).toEqual(['Tl Alpha', 'tl Bravo', 'Tl Charlie']);
      const exported = await c.api('GET', '/api/v1/contacts/export?q=tl%20sorted', { token: c.tokens.agent });
      expect(exported.text).toContain('Tl Alpha;tl Bravo;Tl Charlie');
      const beta = await c.api('GET', '/api/v1/tags?q=tl', { token: c.other.token });
      expect(beta.body.data).toEqual([]);
    });

    it('rejects bad query parameters and needs a sign-in', async () => {
      const c = ctx();
      const r = await c.api('GET', '/api/v1/tags?page_size=101', { token: c.tokens.viewer });
      expect(r.status).toBe(400);
      expect(fields(r)).toEqual(['page_size']);
      expect((await c.api('GET', '/api/v1/tags')).status).toBe(401);
    });
  });

  describe('POST /api/v1/tags', () => {
    it('creates a tag', async () => {
      const c = ctx();
      const t = await createTag(c, { name: '  Churn risk ', color: '#FF0000' });
      expect(t).toMatchObject({ name: 'Churn risk', color: '#FF0000' });
      const got = await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toEqual(t);
    });

    it('keeps names unique per tenant (in any case) with 409 on name; another tenant may reuse one', async () => {
      const c = ctx();
      await createTag(c, { name: 'Renewal' });
      const before = await tagCount(c);
      for (const name of ['Renewal', 'RENEWAL', 'renewal']) {
        const r = await c.api('POST', '/api/v1/tags', { token: c.tokens.tenant_admin, body: { name } });
        expect(r.status, name).toBe(409);
        expect(r.body.code).toBe('conflict');
        expect(fields(r)).toEqual(['name']);
      }
      expect(await tagCount(c)).toBe(before);
      const beta = await c.api('POST', '/api/v1/tags', { token: c.other.token, body: { name: 'Renewal' } });
      expect(beta.status).toBe(201);
    });

    it('rejects a bad name or colour with field errors and creates nothing', async () => {
      const c = ctx();
      const before = await tagCount(c);
      const r = await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: '   ', color: 'red' } });
      expect(r.status).toBe(400);
      expect(fields(r).sort()).toEqual(['color', 'name']);
      const long = await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: 'x'.repeat(51) } });
      expect(fields(long)).toEqual(['name']);
      expect(await tagCount(c)).toBe(before);
    });

    it('needs tags:write: agents and viewers may not create tags', async () => {
      const c = ctx();
      const before = await tagCount(c);
      expect((await c.api('POST', '/api/v1/tags', { body: { name: 'Anon' } })).status).toBe(401);
      for (const token of [c.tokens.agent, c.tokens.viewer]) {
        const r = await c.api('POST', '/api/v1/tags', { token, body: { name: 'Not mine' } });
        expect(r.status).toBe(403);
        expect(r.body.code).toBe('forbidden');
      }
      expect(await tagCount(c)).toBe(before);
    });
  });

  describe('GET /api/v1/tags/:id', () => {
    it("returns a tag; 404 for an unknown id or another tenant's tag", async () => {
      const c = ctx();
      const t = await createTag(c, { name: 'Lookup' });
      expect((await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.tokens.agent })).body.data).toEqual(t);
      expect((await c.api('GET', '/api/v1/tags/00000000-0000-7000-8000-000000000000', { token: c.tokens.agent })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tags/${t.id}`)).status).toBe(401);
      const bad = await c.api('GET', `/api/v1/tags/${'x'.repeat(65)}`, { token: c.tokens.agent });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['id']);
    });
  });

  describe('PATCH /api/v1/tags/:id', () => {
    it('renames and recolours a tag, and contacts show the new name', async () => {
      const c = ctx();
      const t = await createTag(c, { name: 'Old name', color: '#111111' });
      const contact = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Retag', tag_ids: [t.id] } });
      const r = await c.api('PATCH', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor, body: { name: 'New name', color: null } });
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ ...t, name: 'New name', color: null });
      const got = await c.api('GET', `/api/v1/contacts/${contact.body.data.id}`, { token: c.tokens.agent });
      expect(got.body.data.tags).toEqual([{ id: t.id, name: 'New name', color: null }]);
      // Changing only the case of its own name is allowed.
      const recased = await c.api('PATCH', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor, body: { name: 'NEW NAME' } });
      expect(recased.status).toBe(200);
      expect(recased.body.data.name).toBe('NEW NAME');
    });

    it("refuses another tag's name (any case) with 409 on name and changes nothing", async () => {
      const c = ctx();
      await createTag(c, { name: 'Taken name' });
      const t = await createTag(c, { name: 'Free name' });
      for (const name of ['Taken name', 'TAKEN NAME']) {
        const r = await c.api('PATCH', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor, body: { name, color: '#222222' } });
        expect(r.status, name).toBe(409);
        expect(fields(r)).toEqual(['name']);
      }
      expect((await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor })).body.data).toEqual(t);
    });

    it("rejects bad input (400), another tenant's tag (404) and callers without tags:write, changing nothing", async () => {
      const c = ctx();
      const t = await createTag(c, { name: 'Locked', color: '#333333' });
      const bad = await c.api('PATCH', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor, body: { name: '', color: '#33' } });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['color', 'name']);
      const body = { name: 'Hijacked' };
      expect((await c.api('PATCH', `/api/v1/tags/${t.id}`, { token: c.other.token, body })).status).toBe(404);
      expect((await c.api('PATCH', `/api/v1/tags/${t.id}`, { body })).status).toBe(401);
      expect((await c.api('PATCH', `/api/v1/tags/${t.id}`, { token: c.tokens.agent, body })).status).toBe(403);
      expect((await c.api('PATCH', '/api/v1/tags/00000000-0000-7000-8000-000000000000', { token: c.tokens.supervisor, body })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor })).body.data).toEqual(t);
    });
  });

  describe('DELETE /api/v1/tags/:id', () => {
    it('deletes a tag and removes it from every contact', async () => {
      const c = ctx();
      const t = await createTag(c, { name: 'Doomed' });
      const keep = await createTag(c, { name: 'Kept' });
      const ids: string[] = [];
      for (const first_name of ['Doomed One', 'Doomed Two']) {
        const r = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name, tag_ids: [t.id, keep.id] } });
        ids.push(r.body.data.id);
      }
      const r = await c.api('DELETE', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor });
      expect(r.status).toBe(204);
      expect((await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.tokens.agent })).status).toBe(404);
      for (const id of ids) {
        const contact = await c.api('GET', `/api/v1/contacts/${id}`, { token: c.tokens.agent });
        expect(contact.body.data.tags).toEqual([{ id: keep.id, name: 'Kept', color: null }]);
      }
      expect((await c.api('GET', `/api/v1/contacts?tag_id=${t.id}`, { token: c.tokens.agent })).body.meta.total).toBe(0);
      expect((await c.api('GET', '/api/v1/contacts/export?q=doomed', { token: c.tokens.agent })).text).not.toMatch(/Doomed;|;Doomed|,Doomed\n/);
      expect((await c.api('DELETE', `/api/v1/tags/${t.id}`, { token: c.tokens.supervisor })).status).toBe(404);
      // The name is free again.
      await createTag(c, { name: 'Doomed' });
    });

    it("answers 404 for another tenant's tag and deletes nothing; needs tags:write", async () => {
      const c = ctx();
      const t = await createTag(c, { name: 'Resilient' });
      const contact = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Resilient', tag_ids: [t.id] } });
      expect((await c.api('DELETE', `/api/v1/tags/${t.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `/api/v1/tags/${t.id}`)).status).toBe(401);
      expect((await c.api('DELETE', `/api/v1/tags/${t.id}`, { token: c.tokens.agent })).status).toBe(403);
      expect((await c.api('DELETE', `/api/v1/tags/${t.id}`, { token: c.tokens.viewer })).status).toBe(403);
      expect((await c.api('DELETE', `/api/v1/tags/${'x'.repeat(65)}`, { token: c.tokens.supervisor })).status).toBe(400);
      expect((await c.api('GET', `/api/v1/tags/${t.id}`, { token: c.tokens.agent })).body.data).toEqual(t);
      const got = await c.api('GET', `/api/v1/contacts/${contact.body.data.id}`, { token: c.tokens.agent });
      expect(got.body.data.tags.map((x: { id: string }) => x.id)).toEqual([t.id]);
    });
  });
});
