import { describe, expect, it } from 'vitest';
import { PASSWORD, type TestContext, describeEachDb } from '../../test/harness.js';

const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);
const names = (r: { body: { data: { first_name: string }[] } }) => r.body.data.map((c) => c.first_name);
const tagNames = (c: { tags: { name: string }[] }) => c.tags.map((t) => t.name);
const tick = () => new Promise((r) => setTimeout(r, 5));
const CSV_HEADER = 'first_name,last_name,email,phone,company,notes,tags';

async function tagId(c: TestContext, name: string, token = c.tokens.tenant_admin): Promise<string> {
  const r = await c.api('GET', `/api/v1/tags?q=${encodeURIComponent(name)}`, { token });
  const t = r.body.data.find((x: { name: string }) => x.name === name);
  if (!t) throw new Error(`no tag ${name}`);
  return t.id;
}

async function createContact(c: TestContext, body: Record<string, unknown>, token = c.tokens.agent) {
  const r = await c.api('POST', '/api/v1/contacts', { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data;
}

async function contactCount(c: TestContext, token = c.tokens.viewer): Promise<number> {
  return (await c.api('GET', '/api/v1/contacts?page_size=1', { token })).body.meta.total;
}

async function importCsv(c: TestContext, csv: string, token = c.tokens.agent) {
  return c.api('POST', '/api/v1/contacts/import', { token, body: csv, headers: { 'content-type': 'text/csv' } });
}

/** A new tenant with an admin, for tests that need an empty contact list. */
async function freshTenant(c: TestContext, id: string): Promise<string> {
  const r = await c.api('POST', '/api/v1/tenants', {
    token: c.tokens.superadmin,
    body: { id, name: `Tenant ${id}`, admin: { name: 'Admin', email: `admin@${id}.local`, password: PASSWORD } },
  });
  expect(r.status, r.text).toBe(201);
  return (await c.login(`admin@${id}.local`)).access_token;
}

describeEachDb('contacts', (ctx) => {
  describe('POST /api/v1/contacts', () => {
    it('creates a contact with tags; text is trimmed and the email lower-cased', async () => {
      const c = ctx();
      const vip = await tagId(c, 'VIP');
      const contact = await createContact(c, {
        first_name: '  Katherine ',
        last_name: 'Johnson',
        email: ' Katherine@NASA.gov ',
        phone: '+1 (757) 864-1000',
        company: 'NASA',
        notes: 'Orbital mechanics',
        tag_ids: [vip, vip],
      });
      expect(contact).toMatchObject({ first_name: 'Katherine', last_name: 'Johnson', email: 'katherine@nasa.gov', phone: '+1 (757) 864-1000', company: 'NASA', notes: 'Orbital mechanics' });
      expect(contact.tags).toEqual([{ id: vip, name: 'VIP', color: '#e8590c' }]);
      const got = await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toEqual(contact);
      const minimal = await createContact(c, { first_name: 'Solo' });
      expect(minimal).toMatchObject({ last_name: null, email: null, phone: null, company: null, notes: null, tags: [] });
    });

    it('rejects bad fields with field errors and creates nothing', async () => {
      const c = ctx();
      const before = await contactCount(c);
      const r = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: '   ', email: 'nope', phone: 'call me maybe', tag_ids: 'x' } });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(fields(r).sort()).toEqual(['email', 'first_name', 'phone', 'tag_ids']);
      expect(fields(await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: {} }))).toEqual(['first_name']);
      expect(await contactCount(c)).toBe(before);
    });

    it('refuses unknown or other-tenant tag ids with 409 and creates nothing', async () => {
      const c = ctx();
      const betaTag = await c.api('POST', '/api/v1/tags', { token: c.other.token, body: { name: 'Beta Only' } });
      expect(betaTag.status).toBe(201);
      const vip = await tagId(c, 'VIP');
      const before = await contactCount(c);
      for (const ids of [[vip, '00000000-0000-7000-8000-000000000000'], [betaTag.body.data.id]]) {
        const r = await c.api('POST', '/api/v1/contacts', { token: c.tokens.agent, body: { first_name: 'Tagless', tag_ids: ids } });
        expect(r.status).toBe(409);
        expect(fields(r)).toEqual(['tag_ids']);
      }
      expect(await contactCount(c)).toBe(before);
      expect((await c.api('GET', '/api/v1/contacts?q=tagless', { token: c.tokens.agent })).body.data).toEqual([]);
    });

    it('needs contacts:write: 401 without a token, 403 for a viewer', async () => {
      const c = ctx();
      const before = await contactCount(c);
      expect((await c.api('POST', '/api/v1/contacts', { body: { first_name: 'Anon' } })).status).toBe(401);
      const r = await c.api('POST', '/api/v1/contacts', { token: c.tokens.viewer, body: { first_name: 'Viewer Made' } });
      expect(r.status).toBe(403);
      expect(await contactCount(c)).toBe(before);
    });
  });

  describe('GET /api/v1/contacts', () => {
    it('searches name, email, phone and company case-insensitively; % is literal', async () => {
      const c = ctx();
      await createContact(c, { first_name: 'Marie', last_name: 'Curie', email: 'marie@Radium.test', phone: '+33 1 4050 1111', company: 'Radium Institute' });
      await createContact(c, { first_name: 'bernard', last_name: 'Curie', email: 'bernard@radium.test', phone: '+33 1 4000 2222', company: 'Radium Sorbonne' });
      await createContact(c, { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@engine.test', phone: '+44 20 3000 3333', company: 'Radium Engines 50% Ltd' });
      const q = async (text: string) => names(await c.api('GET', `/api/v1/contacts?q=${encodeURIComponent(text)}`, { token: c.tokens.viewer })).sort();

      expect(await q('CURIE')).toEqual(['Marie', 'bernard']);
      expect(await q('mArIe')).toEqual(['Marie']);
      expect(await q('RADIUM.TEST')).toEqual(['Marie', 'bernard']);
      expect(await q('4000 2222')).toEqual(['bernard']);
      expect(await q('sorbonne')).toEqual(['bernard']);
      expect(await q('engines 50%')).toEqual(['Ada']);
      expect(await q('50%')).toEqual(['Ada']);
      expect(await q('radium_')).toEqual([]);
      expect(await q('no such person anywhere')).toEqual([]);
    });

    it('sorts by name (any case), creation and update time, and pages with meta', async () => {
      const c = ctx();
      const created: { id: string; first_name: string }[] = [];
      for (const [first, last] of [
        ['Zora', 'Sortland'],
        ['abe', 'Sortland'],
        ['Mia', 'Sortland'],
        ['mia', 'Sortland'],
      ]) {
        created.push(await createContact(c, { first_name: first, last_name: last, company: 'Sortco' }));
        await tick();
      }
      const list = async (qs: string) => c.api('GET', `/api/v1/contacts?q=sortco&${qs}`, { token: c.tokens.viewer });
      const byName = names(await list('sort=name'));
      expect(byName.map((n) => n.toLowerCase())).toEqual(['abe', 'mia', 'mia', 'zora']);
      expect(names(await list('sort=-name')).map((n) => n.toLowerCase())).toEqual(['zora', 'mia', 'mia', 'abe']);
      expect(names(await list('sort=created_at'))).toEqual(['Zora', 'abe', 'Mia', 'mia']);
      expect(names(await list('sort=-created_at'))).toEqual(['mia', 'Mia', 'abe', 'Zora']);

      await c.api('PATCH', `/api/v1/contacts/${created[1].id}`, { token: c.tokens.agent, body: { notes: 'touched' } });
      expect(names(await list('sort=-updated_at'))[0]).toBe('abe');
      expect(names(await list('sort=updated_at')).at(-1)).toBe('abe');

      const p1 = await list('sort=created_at&page_size=3&page=1');
      const p2 = await list('sort=created_at&page_size=3&page=2');
      expect(p1.body.meta).toEqual({ page: 1, page_size: 3, total: 4 });
      expect(p2.body.meta).toEqual({ page: 2, page_size: 3, total: 4 });
      expect([...names(p1), ...names(p2)]).toEqual(['Zora', 'abe', 'Mia', 'mia']);
      expect((await list('page=9')).body.data).toEqual([]);
    });

    it('filters by tag', async () => {
      const c = ctx();
      const tag = await c.api('POST', '/api/v1/tags', { token: c.tokens.supervisor, body: { name: 'Filterable' } });
      const a = await createContact(c, { first_name: 'Tagged One', tag_ids: [tag.body.data.id] });
      await createContact(c, { first_name: 'Untagged One' });
      const r = await c.api('GET', `/api/v1/contacts?tag_id=${tag.body.data.id}`, { token: c.tokens.viewer });
      expect(r.body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
      expect(r.body.meta.total).toBe(1);
      const vip = await c.api('GET', `/api/v1/contacts?tag_id=${await tagId(c, 'VIP')}&q=grace`, { token: c.tokens.viewer });
      expect(names(vip)).toEqual(['Grace']);
    });

    it("shows only my tenant's contacts", async () => {
      const c = ctx();
      const mine = await c.api('GET', '/api/v1/contacts?q=grace', { token: c.tokens.viewer });
      expect(names(mine)).toEqual(['Grace']);
      const theirs = await c.api('GET', '/api/v1/contacts?q=grace', { token: c.other.token });
      expect(theirs.body.data).toEqual([]);
      expect(theirs.body.meta.total).toBe(0);
    });

    it('rejects bad query parameters and needs a sign-in', async () => {
      const c = ctx();
      const r = await c.api('GET', `/api/v1/contacts?sort=email&page_size=101&tag_id=${'x'.repeat(65)}`, { token: c.tokens.viewer });
      expect(r.status).toBe(400);
      expect(fields(r).sort()).toEqual(['page_size', 'sort', 'tag_id']);
      expect((await c.api('GET', '/api/v1/contacts')).status).toBe(401);
    });
  });

  describe('GET /api/v1/contacts/:id', () => {
    it('returns a contact; 404 for an unknown id or another tenant', async () => {
      const c = ctx();
      const grace = (await c.api('GET', '/api/v1/contacts?q=grace', { token: c.tokens.viewer })).body.data[0];
      const r = await c.api('GET', `/api/v1/contacts/${grace.id}`, { token: c.tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', company: 'Navy' });
      expect(tagNames(r.body.data)).toEqual(['VIP']);
      expect((await c.api('GET', '/api/v1/contacts/00000000-0000-7000-8000-000000000000', { token: c.tokens.viewer })).status).toBe(404);
      const cross = await c.api('GET', `/api/v1/contacts/${grace.id}`, { token: c.other.token });
      expect(cross.status).toBe(404);
      expect(cross.body.code).toBe('not_found');
      expect((await c.api('GET', `/api/v1/contacts/${grace.id}`)).status).toBe(401);
      const bad = await c.api('GET', `/api/v1/contacts/${'x'.repeat(65)}`, { token: c.tokens.viewer });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['id']);
    });
  });

  describe('PATCH /api/v1/contacts/:id', () => {
    it('updates fields, clears with null and replaces tags', async () => {
      const c = ctx();
      const vip = await tagId(c, 'VIP');
      const lead = await tagId(c, 'Lead');
      const contact = await createContact(c, { first_name: 'Edit', last_name: 'Me', email: 'edit@me.test', tag_ids: [vip] });
      await tick();
      const r = await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent, body: { last_name: 'Edited', email: null, company: 'ACME', tag_ids: [lead] } });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ first_name: 'Edit', last_name: 'Edited', email: null, company: 'ACME' });
      expect(tagNames(r.body.data)).toEqual(['Lead']);
      expect(r.body.data.updated_at > contact.updated_at).toBe(true);
      expect(r.body.data.created_at).toBe(contact.created_at);
      const again = await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.viewer });
      expect(again.body.data).toEqual(r.body.data);
      // Without tag_ids the tags stay.
      const keep = await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent, body: { notes: 'n' } });
      expect(tagNames(keep.body.data)).toEqual(['Lead']);
      const none = await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent, body: { tag_ids: [] } });
      expect(none.body.data.tags).toEqual([]);
    });

    it('rejects bad fields (400) and unknown tags (409) without changing anything', async () => {
      const c = ctx();
      const contact = await createContact(c, { first_name: 'Stable', email: 'stable@x.test' });
      const bad = await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent, body: { first_name: '', email: 'broken', last_name: 'Changed' } });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['email', 'first_name']);
      const tag = await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent, body: { last_name: 'Changed', tag_ids: ['00000000-0000-7000-8000-000000000000'] } });
      expect(tag.status).toBe(409);
      expect(fields(tag)).toEqual(['tag_ids']);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).body.data).toEqual(contact);
    });

    it("answers 404 for another tenant's contact and changes nothing; needs contacts:write", async () => {
      const c = ctx();
      const contact = await createContact(c, { first_name: 'Guarded' });
      const body = { first_name: 'Hijacked' };
      expect((await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.other.token, body })).status).toBe(404);
      expect((await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { body })).status).toBe(401);
      expect((await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.viewer, body })).status).toBe(403);
      expect((await c.api('PATCH', '/api/v1/contacts/00000000-0000-7000-8000-000000000000', { token: c.tokens.agent, body })).status).toBe(404);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).body.data).toEqual(contact);
    });
  });

  describe('DELETE /api/v1/contacts/:id', () => {
    it('removes the contact from reads, lists and exports', async () => {
      const c = ctx();
      const contact = await createContact(c, { first_name: 'Ephemeral', email: 'ephemeral@x.test' });
      const r = await c.api('DELETE', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent });
      expect(r.status).toBe(204);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).status).toBe(404);
      expect((await c.api('GET', '/api/v1/contacts?q=ephemeral', { token: c.tokens.agent })).body.meta.total).toBe(0);
      expect((await c.api('GET', '/api/v1/contacts/export', { token: c.tokens.agent })).text).not.toContain('ephemeral@x.test');
      expect((await c.api('PATCH', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent, body: { first_name: 'Back' } })).status).toBe(404);
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).status).toBe(404);
    });

    it("answers 404 for another tenant's contact and deletes nothing; needs contacts:write", async () => {
      const c = ctx();
      const contact = await createContact(c, { first_name: 'Survivor' });
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}`)).status).toBe(401);
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}`, { token: c.tokens.viewer })).status).toBe(403);
      expect((await c.api('DELETE', `/api/v1/contacts/${'x'.repeat(65)}`, { token: c.tokens.agent })).status).toBe(400);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).status).toBe(200);
    });
  });

  describe('POST /api/v1/contacts/:id/tags', () => {
    it('tags a contact once however often it is asked', async () => {
      const c = ctx();
      const lead = await tagId(c, 'Lead');
      const contact = await createContact(c, { first_name: 'Taggable' });
      const r = await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: c.tokens.agent, body: { tag_id: lead } });
      expect(r.status).toBe(200);
      expect(tagNames(r.body.data)).toEqual(['Lead']);
      const twice = await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: c.tokens.agent, body: { tag_id: lead } });
      expect(twice.status).toBe(200);
      expect(tagNames(twice.body.data)).toEqual(['Lead']);
      const listed = await c.api('GET', `/api/v1/contacts?tag_id=${lead}&q=taggable`, { token: c.tokens.agent });
      expect(listed.body.meta.total).toBe(1);
    });

    it("refuses another tenant's tag or contact with 404 and changes nothing", async () => {
      const c = ctx();
      const betaTag = await c.api('POST', '/api/v1/tags', { token: c.other.token, body: { name: 'Beta Secret' } });
      const contact = await createContact(c, { first_name: 'Cross', tag_ids: [await tagId(c, 'VIP')] });
      const foreignTag = await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: c.tokens.agent, body: { tag_id: betaTag.body.data.id } });
      expect(foreignTag.status).toBe(404);
      const foreignContact = await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: c.other.token, body: { tag_id: betaTag.body.data.id } });
      expect(foreignContact.status).toBe(404);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).body.data).toEqual(contact);
    });

    it('validates the body and needs contacts:write', async () => {
      const c = ctx();
      const contact = await createContact(c, { first_name: 'Strict' });
      const bad = await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: c.tokens.agent, body: {} });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['tag_id']);
      const lead = await tagId(c, 'Lead');
      expect((await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { body: { tag_id: lead } })).status).toBe(401);
      expect((await c.api('POST', `/api/v1/contacts/${contact.id}/tags`, { token: c.tokens.viewer, body: { tag_id: lead } })).status).toBe(403);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).body.data.tags).toEqual([]);
    });
  });

  describe('DELETE /api/v1/contacts/:id/tags/:tag_id', () => {
    it('untags a contact; 404 when the tag is not on it or belongs to another tenant', async () => {
      const c = ctx();
      const vip = await tagId(c, 'VIP');
      const lead = await tagId(c, 'Lead');
      const betaTag = await c.api('POST', '/api/v1/tags', { token: c.other.token, body: { name: 'Beta Untag' } });
      const contact = await createContact(c, { first_name: 'Untag', tag_ids: [vip, lead] });
      const r = await c.api('DELETE', `/api/v1/contacts/${contact.id}/tags/${vip}`, { token: c.tokens.agent });
      expect(r.status).toBe(200);
      expect(tagNames(r.body.data)).toEqual(['Lead']);
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}/tags/${vip}`, { token: c.tokens.agent })).status).toBe(404);
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}/tags/${betaTag.body.data.id}`, { token: c.tokens.agent })).status).toBe(404);
      // The tag itself still exists and stays on other contacts.
      const grace = (await c.api('GET', '/api/v1/contacts?q=grace', { token: c.tokens.agent })).body.data[0];
      expect(tagNames(grace)).toEqual(['VIP']);
    });

    it("answers 404 on another tenant's contact and changes nothing; needs contacts:write", async () => {
      const c = ctx();
      const lead = await tagId(c, 'Lead');
      const contact = await createContact(c, { first_name: 'Keeper', tag_ids: [lead] });
      const url = `/api/v1/contacts/${contact.id}/tags/${lead}`;
      expect((await c.api('DELETE', url, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', url)).status).toBe(401);
      expect((await c.api('DELETE', url, { token: c.tokens.viewer })).status).toBe(403);
      expect((await c.api('DELETE', `/api/v1/contacts/${contact.id}/tags/${'x'.repeat(65)}`, { token: c.tokens.agent })).status).toBe(400);
      expect((await c.api('GET', `/api/v1/contacts/${contact.id}`, { token: c.tokens.agent })).body.data).toEqual(contact);
    });
  });

  describe('POST /api/v1/contacts/import', () => {
    it('imports every row and creates missing tags once (names match in any case)', async () => {
      const c = ctx();
      const before = await contactCount(c);
      const csv = [
        'First_Name, last_name ,email,phone,company,notes,tags',
        'Imre,Importer,imre@import.test,+36 1 555 0001,Importers Kft,"likes commas, and ""quotes""",Imported;VIP',
        'Ines,Importer,INES@import.test,,Importers Kft,,imported',
        'Igor,,,,,,',
      ].join('\n');
      const r = await importCsv(c, csv);
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toEqual({ imported: 3, errors: [] });
      expect(await contactCount(c)).toBe(before + 3);

      const imported = (await c.api('GET', '/api/v1/contacts?q=importer&sort=name', { token: c.tokens.agent })).body.data;
      expect(imported.map((x: { first_name: string }) => x.first_name)).toEqual(['Imre', 'Ines']);
      expect(imported[0]).toMatchObject({ email: 'imre@import.test', phone: '+36 1 555 0001', notes: 'likes commas, and "quotes"' });
      expect(tagNames(imported[0])).toEqual(['Imported', 'VIP']);
      expect(imported[1].email).toBe('ines@import.test');
      expect(tagNames(imported[1])).toEqual(['Imported']);
      const igor = (await c.api('GET', '/api/v1/contacts?q=igor', { token: c.tokens.agent })).body.data[0];
      expect(igor).toMatchObject({ last_name: null, email: null, tags: [] });
      // One new tag, the existing VIP reused.
      const tags = (await c.api('GET', '/api/v1/tags?page_size=100', { token: c.tokens.agent })).body.data.map((t: { name: string }) => t.name.toLowerCase());
      expect(tags.filter((t: string) => t === 'imported')).toHaveLength(1);
      expect(tags.filter((t: string) => t === 'vip')).toHaveLength(1);
    });

    it('imports nothing when any row is bad and names every bad row', async () => {
      const c = ctx();
      const before = await contactCount(c);
      const csv = [
        CSV_HEADER,
        'Good,One,good1@x.test,,,,NeverCreatedTag',
        'Good,Two,good2@x.test,,,,',
        'Bad,Email,not-an-email,,,,',
        ',Nameless,nameless@x.test,,,,',
        'Bad,Phone,,phone?,,,',
      ].join('\n');
      const r = await importCsv(c, csv);
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('validation_failed');
      const f = fields(r);
      expect(f).toEqual(['row 3: email', 'row 4: first_name', 'row 5: phone']);
      expect(f.some((x) => x.startsWith('row 1') || x.startsWith('row 2'))).toBe(false);
      expect(await contactCount(c)).toBe(before);
      expect((await c.api('GET', '/api/v1/contacts?q=good', { token: c.tokens.agent })).body.data).toEqual([]);
      expect((await c.api('GET', '/api/v1/tags?q=nevercreated', { token: c.tokens.agent })).body.data).toEqual([]);
    });

    it('reads a file saved by Excel (byte-order mark, CRLF line ends)', async () => {
      const c = ctx();
      const r = await importCsv(c, '\uFEFFFirst_Name,Email\r\nExcelia,EXCELIA@x.test\r\nExcelio,\r\n');
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.imported).toBe(2);
      const rows = (await c.api('GET', '/api/v1/contacts?q=exceli&sort=name', { token: c.tokens.agent })).body.data;
      expect(rows.map((x: { first_name: string; email: string | null }) => [x.first_name, x.email])).toEqual([
        ['Excelia', 'excelia@x.test'],
        ['Excelio', null],
      ]);
    });

    it('answers 400 on field body for an empty or non-CSV body', async () => {
      const c = ctx();
      const empty = await importCsv(c, '');
      expect(empty.status).toBe(400);
      expect(fields(empty)).toEqual(['body']);
      const json = await c.api('POST', '/api/v1/contacts/import', { token: c.tokens.agent, body: { first_name: 'Json' } });
      expect(json.status).toBe(400);
      expect(fields(json)).toEqual(['body']);
    });

    it('refuses unknown or missing columns, an empty file and broken CSV with 422', async () => {
      const c = ctx();
      const before = await contactCount(c);
      const unknown = await importCsv(c, 'first_name,favourite_color\nUna,blue\n');
      expect(unknown.status).toBe(422);
      expect(fields(unknown)).toEqual(['column favourite_color']);
      const noFirst = await importCsv(c, 'last_name,email\nNobody,nobody@x.test\n');
      expect(noFirst.status).toBe(422);
      expect(fields(noFirst)).toEqual(['column first_name']);
      const headerOnly = await importCsv(c, `${CSV_HEADER}\n`);
      expect(headerOnly.status).toBe(422);
      expect(fields(headerOnly)).toEqual(['file']);
      const broken = await importCsv(c, `${CSV_HEADER}\n"Unclosed,quote,x@x.test,,,,\n`);
      expect(broken.status).toBe(422);
      expect(fields(broken)).toEqual(['file']);
      const ragged = await importCsv(c, `${CSV_HEADER}\nToo,Many,a@x.test,,,,,,extra\n`);
      expect(ragged.status).toBe(422);
      expect(await contactCount(c)).toBe(before);
    });

    it('needs contacts:write and imports into the caller’s tenant only', async () => {
      const c = ctx();
      const csv = `${CSV_HEADER}\nBeatrix,Betaimport,beatrix@beta.test,,,,\n`;
      const before = await contactCount(c);
      expect((await c.api('POST', '/api/v1/contacts/import', { body: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(401);
      expect((await importCsv(c, csv, c.tokens.viewer)).status).toBe(403);
      expect(await contactCount(c)).toBe(before);
      expect((await importCsv(c, csv, c.other.token)).body.data.imported).toBe(1);
      expect(await contactCount(c)).toBe(before);
      expect((await c.api('GET', '/api/v1/contacts?q=betaimport', { token: c.other.token })).body.meta.total).toBe(1);
    });
  });

  describe('GET /api/v1/contacts/export', () => {
    it('returns CSV with the import columns and the contacts, filtered like the list', async () => {
      const c = ctx();
      const r = await c.api('GET', '/api/v1/contacts/export', { token: c.tokens.viewer });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/csv/);
      expect(r.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = r.text.trim().split('\n');
      expect(lines[0]).toBe(CSV_HEADER);
      expect(lines).toContain('Grace,Hopper,grace@example.com,+1 555 0100,Navy,,VIP');
      expect(lines).toContain('Alan,Turing,alan@example.com,+44 20 7946 0000,Bletchley,,');
      expect(lines.length - 1).toBe(await contactCount(c));

      const filtered = await c.api('GET', '/api/v1/contacts/export?q=TURING', { token: c.tokens.viewer });
      expect(filtered.text.trim().split('\n')).toEqual([CSV_HEADER, 'Alan,Turing,alan@example.com,+44 20 7946 0000,Bletchley,,']);
      const vip = await c.api('GET', `/api/v1/contacts/export?tag_id=${await tagId(c, 'VIP')}`, { token: c.tokens.viewer });
      expect(vip.text).toContain('Grace,Hopper');
      expect(vip.text).not.toContain('Alan,Turing');
      expect((await c.api('GET', '/api/v1/contacts/export?q=grace', { token: c.other.token })).text.trim()).toBe(CSV_HEADER);
    });

    it('round-trips: an exported file imports again to the same contacts', async () => {
      const c = ctx();
      const source = await freshTenant(c, 'roundtrip-a');
      const target = await freshTenant(c, 'roundtrip-b');
      expect((await c.api('GET', '/api/v1/contacts/export', { token: source })).text.trim()).toBe(CSV_HEADER);
      const csv = [
        CSV_HEADER,
        'Zoë,Ünicode,zoe@x.test,+49 30 1234,"Comma, Inc.","Line one\nLine two, with ""quotes""",Alpha;Beta',
        'Plain,Row,,,,,',
        "Ann,O'Neil,ann@x.test,(030) 555-12,Smith & Sons,,Beta",
      ].join('\n');
      expect((await importCsv(c, csv, source)).body.data?.imported).toBe(3);
      const exported = await c.api('GET', '/api/v1/contacts/export', { token: source });
      const again = await importCsv(c, exported.text, target);
      expect(again.status, again.text).toBe(200);
      expect(again.body.data.imported).toBe(3);
      const reexported = await c.api('GET', '/api/v1/contacts/export', { token: target });
      expect(reexported.text).toBe(exported.text);
      const zoe = (await c.api('GET', '/api/v1/contacts?q=zo%C3%AB', { token: target })).body.data[0];
      expect(zoe).toMatchObject({ last_name: 'Ünicode', company: 'Comma, Inc.', notes: 'Line one\nLine two, with "quotes"' });
      expect(tagNames(zoe)).toEqual(['Alpha', 'Beta']);
    });

    it('neutralises spreadsheet formulas in the export and restores them on import', async () => {
      const c = ctx();
      const source = await freshTenant(c, 'formula-a');
      const target = await freshTenant(c, 'formula-b');
      const created = await c.api('POST', '/api/v1/contacts', {
        token: source,
        body: { first_name: '=HYPERLINK("http://evil.test","x")', company: '@SUM(1+1)', notes: '-2+3', phone: '+1 555 0100' },
      });
      expect(created.status).toBe(201);
      const exported = await c.api('GET', '/api/v1/contacts/export', { token: source });
      const row = exported.text.trim().split('\n')[1];
      expect(row).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
      expect(row).toContain("'@SUM(1+1)");
      expect(row).toContain("'-2+3");
      expect(row).toContain(',+1 555 0100,');
      expect((await importCsv(c, exported.text, target)).status).toBe(200);
      const back = (await c.api('GET', '/api/v1/contacts', { token: target })).body.data[0];
      expect(back).toMatchObject({ first_name: '=HYPERLINK("http://evil.test","x")', company: '@SUM(1+1)', notes: '-2+3', phone: '+1 555 0100' });
    });

    it('needs a sign-in', async () => {
      expect((await ctx().api('GET', '/api/v1/contacts/export')).status).toBe(401);
      const bad = await ctx().api('GET', `/api/v1/contacts/export?tag_id=${'x'.repeat(65)}`, { token: ctx().tokens.viewer });
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(['tag_id']);
    });
  });
});
