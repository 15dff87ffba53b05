import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDb, type TestContext } from '../../../test/harness.js';
import { createExtension, expectAraRowsValid, fields, tinyWav, upload } from '../queues/testing.js';

type Row = Record<string, any>;
const VM = '/api/v1/telephony/voicemail';

async function createBox(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', VM, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as Row;
}
async function astRows(c: TestContext, tenant = 'demo'): Promise<Row[]> {
  return (await sql<Row>`select * from voicemail where tenant_id = ${tenant} order by mailbox`.execute(c.deps.db)).rows;
}
const astRow = async (c: TestContext, mailbox: string) => (await astRows(c)).filter((r) => r.mailbox === mailbox);

describeEachDb('telephony voicemail boxes', (ctx) => {
  describe('POST /api/v1/telephony/voicemail', () => {
    it('creates a box and a valid Asterisk voicemail row in the tenant context; the PIN is never shown nor audited', async () => {
      const c = ctx();
      const box = await createBox(c, { mailbox: '1001', name: 'Alice Box', pin: '4321', email: ' Alice@Example.com ' });
      expect(box).toMatchObject({
        mailbox: '1001',
        name: 'Alice Box',
        email: 'alice@example.com',
        attach_audio: true,
        delete_after_email: false,
        context: 'demo',
        greeting_audio: null,
      });
      expect(box).not.toHaveProperty('pin');
      const rows = await astRow(c, '1001');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        context: 'demo',
        mailbox: '1001',
        password: '4321',
        fullname: 'Alice Box',
        email: 'alice@example.com',
        attach: 'yes',
        deletevoicemail: 'no',
        tenant_id: 'demo',
      });
      expect(Number.isInteger(Number(rows[0].uniqueid))).toBe(true);
      expectAraRowsValid('voicemail', rows);
      const got = await c.api('GET', `${VM}/${box.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toEqual(box);
      expect(got.text).not.toContain('4321');
      const audit = await c.deps.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', box.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['voicemail.created']);
      expect(audit[0].after).not.toContain('4321');
    });

    it('writes attach/delete as yes/no; refuses delete-after-email without an email', async () => {
      const c = ctx();
      const box = await createBox(c, { mailbox: '1002', name: 'Bob', pin: '123456', email: 'bob@example.com', attach_audio: false, delete_after_email: true });
      expect(box).toMatchObject({ attach_audio: false, delete_after_email: true });
      const rows = await astRow(c, '1002');
      expect(rows[0]).toMatchObject({ attach: 'no', deletevoicemail: 'yes' });
      expectAraRowsValid('voicemail', rows);
      const noEmail = await c.api('POST', VM, { token: c.tokens.tenant_admin, body: { mailbox: '1003', name: 'Lost', pin: '1234', delete_after_email: true } });
      expect(noEmail.status).toBe(400);
      expect(fields(noEmail)).toEqual(['delete_after_email']);
      expect(await astRow(c, '1003')).toEqual([]);
    });

    it('answers 400 for bad values, 409 for a taken mailbox (another tenant may use it); nothing written', async () => {
      const c = ctx();
      const before = (await astRows(c)).length;
      const bad = await c.api('POST', VM, {
        token: c.tokens.tenant_admin,
        body: { mailbox: '12a', name: '', pin: '123', email: 'not-mail', attach_audio: 'yes' },
      });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['attach_audio', 'email', 'mailbox', 'name', 'pin']);
      expect(fields(await c.api('POST', VM, { token: c.tokens.tenant_admin, body: { mailbox: '5', name: 'x' } }))).toEqual(['pin']);
      expect(fields(await c.api('POST', VM, { token: c.tokens.tenant_admin, body: { mailbox: '5', name: 'x', pin: '12345678901' } }))).toEqual(['pin']);
      await createBox(c, { mailbox: '2000', name: 'Taken', pin: '0000' });
      const dup = await c.api('POST', VM, { token: c.tokens.tenant_admin, body: { mailbox: '2000', name: 'Again', pin: '1111' } });
      expect(dup.status).toBe(409);
      expect(fields(dup)).toEqual(['mailbox']);
      expect((await astRows(c)).length).toBe(before + 1);
      const beta = await createBox(c, { mailbox: '2000', name: 'Beta 2000', pin: '2222' }, c.other.token);
      expect(beta.context).toBe('beta');
      expect((await astRows(c, 'beta')).filter((r) => r.mailbox === '2000')).toMatchObject([{ context: 'beta', password: '2222' }]);
    });

    it('needs telephony:manage and a sign-in', async () => {
      const c = ctx();
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer])
        expect((await c.api('POST', VM, { token, body: { mailbox: '3000', name: 'No', pin: '1234' } })).status).toBe(403);
      expect((await c.api('POST', VM, { body: { mailbox: '3000', name: 'No', pin: '1234' } })).status).toBe(401);
      expect(await astRow(c, '3000')).toEqual([]);
    });
  });

  describe('GET /api/v1/telephony/voicemail', () => {
    it('lists in numeric order with search and pagination; nothing of another tenant', async () => {
      const c = ctx();
      for (const [mailbox, name] of [
        ['90', 'Lv Short'],
        ['100', 'Lv Long'],
        ['9', 'Lv Tiny'],
      ])
        await createBox(c, { mailbox, name, pin: '1234' });
      const r = await c.api('GET', `${VM}?q=lv`, { token: c.tokens.agent });
      expect(r.status).toBe(200);
      expect(r.body.data.map((b: Row) => b.mailbox)).toEqual(['9', '90', '100']);
      expect(r.body.meta).toEqual({ page: 1, page_size: 25, total: 3 });
      expect(r.text).not.toContain('"pin"');
      expect((await c.api('GET', `${VM}?q=lv&page_size=2&page=2`, { token: c.tokens.viewer })).body.data.map((b: Row) => b.mailbox)).toEqual(['100']);
      expect((await c.api('GET', `${VM}?q=10`, { token: c.tokens.viewer })).body.data.map((b: Row) => b.mailbox)).toContain('100');
      expect((await c.api('GET', `${VM}?q=lv`, { token: c.other.token })).body.data).toEqual([]);
      expect((await c.api('GET', VM)).status).toBe(401);
      expect(fields(await c.api('GET', `${VM}?page_size=0`, { token: c.tokens.viewer }))).toEqual(['page_size']);
    });
  });

  describe('PATCH/DELETE /api/v1/telephony/voicemail/:id', () => {
    it('updates in place (same Asterisk uniqueid), a new PIN included; a new number follows into the extensions’ MWI', async () => {
      const c = ctx();
      const box = await createBox(c, { mailbox: '4000', name: 'Patch box', pin: '1234' });
      const ext = await createExtension(c, 'Has voicemail');
      const linked = await c.api('PATCH', `/api/v1/telephony/extensions/${ext.id}`, { token: c.tokens.tenant_admin, body: { voicemail_box_id: box.id } });
      expect(linked.status, linked.text).toBe(200);
      const endpoint = async () => (await sql<Row>`select mailboxes from ps_endpoints where id = ${`demo-${ext.number}`}`.execute(c.deps.db)).rows[0];
      expect(await endpoint()).toEqual({ mailboxes: '4000@demo' });
      const [before] = await astRow(c, '4000');
      const r = await c.api('PATCH', `${VM}/${box.id}`, {
        token: c.tokens.tenant_admin,
        body: { mailbox: '4001', name: 'Renamed', pin: '987654', email: 'r@example.com', delete_after_email: true },
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data).toMatchObject({ mailbox: '4001', name: 'Renamed', email: 'r@example.com', delete_after_email: true });
      expect(await astRow(c, '4000')).toEqual([]);
      const rows = await astRow(c, '4001');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ uniqueid: before.uniqueid, password: '987654', fullname: 'Renamed', email: 'r@example.com', deletevoicemail: 'yes' });
      expectAraRowsValid('voicemail', rows);
      expect(await endpoint()).toEqual({ mailboxes: '4001@demo' });
      const audit = await c.deps.db
        .selectFrom('audit_log')
        .select(['before', 'after'])
        .where('entity_id', '=', box.id)
        .where('action', '=', 'voicemail.updated')
        .executeTakeFirstOrThrow();
      expect(`${audit.before}${audit.after}`).not.toContain('987654');
      expect(JSON.parse(audit.after as string).pin_changed).toBe(true);
      // Clearing the email while messages are deleted after email is refused.
      const lose = await c.api('PATCH', `${VM}/${box.id}`, { token: c.tokens.tenant_admin, body: { email: null } });
      expect(lose.status).toBe(400);
      expect(fields(lose)).toEqual(['delete_after_email']);
      const dupTarget = await createBox(c, { mailbox: '4002', name: 'Other', pin: '1234' });
      const dup = await c.api('PATCH', `${VM}/${box.id}`, { token: c.tokens.tenant_admin, body: { mailbox: dupTarget.mailbox } });
      expect(dup.status).toBe(409);
      expect(fields(await c.api('PATCH', `${VM}/${box.id}`, { token: c.tokens.tenant_admin, body: { pin: '12' } }))).toEqual(['pin']);
      expect((await c.api('PATCH', `${VM}/${box.id}`, { token: c.other.token, body: { name: 'Stolen', pin: '0000' } })).status).toBe(404);
      expect((await c.api('PATCH', `${VM}/${box.id}`, { token: c.tokens.supervisor, body: { name: 'Sup' } })).status).toBe(403);
      expect((await astRow(c, '4001'))[0]).toMatchObject({ password: '987654', fullname: 'Renamed', email: 'r@example.com' });
    });

    it('deletes a box and its Asterisk row; refused (409) while a route or an extension uses it; 404 for another tenant', async () => {
      const c = ctx();
      const box = await createBox(c, { mailbox: '5000', name: 'Delete box', pin: '1234' });
      const menu = await c.api('POST', '/api/v1/telephony/ivr', {
        token: c.tokens.tenant_admin,
        body: { name: 'Vm menu', options: [{ digit: '1', destination: { type: 'voicemail', target_id: box.id } }] },
      });
      expect(menu.status).toBe(201);
      const routed = await c.api('DELETE', `${VM}/${box.id}`, { token: c.tokens.tenant_admin });
      expect(routed.status).toBe(409);
      expect(routed.body.errors).toEqual([{ field: `ivr:${menu.body.data.id}`, message: 'routes 1 here' }]);
      await c.api('DELETE', `/api/v1/telephony/ivr/${menu.body.data.id}`, { token: c.tokens.tenant_admin });
      const ext = await createExtension(c, 'Uses box');
      await c.api('PATCH', `/api/v1/telephony/extensions/${ext.id}`, { token: c.tokens.tenant_admin, body: { voicemail_box_id: box.id } });
      const used = await c.api('DELETE', `${VM}/${box.id}`, { token: c.tokens.tenant_admin });
      expect(used.status).toBe(409);
      expect(used.body.errors).toEqual([{ field: `extension:${ext.id}`, message: `extension ${ext.number} uses this box` }]);
      await c.api('PATCH', `/api/v1/telephony/extensions/${ext.id}`, { token: c.tokens.tenant_admin, body: { voicemail_box_id: null } });
      expect((await c.api('DELETE', `${VM}/${box.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `${VM}/${box.id}`, { token: c.tokens.agent })).status).toBe(403);
      expect(await astRow(c, '5000')).toHaveLength(1);
      expect((await c.api('DELETE', `${VM}/${box.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect(await astRow(c, '5000')).toEqual([]);
      expect((await c.api('GET', `${VM}/${box.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await c.api('GET', `${VM}/${box.id}`, { token: c.other.token })).status).toBe(404);
    });
  });

  describe('greeting audio', () => {
    it('uploads a WAV (sniffed), downloads it, removes it; refuses a text file; another tenant gets 404', async () => {
      const c = ctx();
      const box = await createBox(c, { mailbox: '6000', name: 'Greeting box', pin: '1234' });
      const url = `${VM}/${box.id}/greeting`;
      const wav = tinyWav(32);
      const r = await upload(c, url, c.tokens.tenant_admin, wav, 'unavail.wav', 'audio/wav');
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.greeting_audio).toMatchObject({ content_type: 'audio/wav', size: wav.length, file_name: 'unavail.wav' });
      const got = await c.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${c.tokens.viewer}` } });
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(wav)).toBe(true);
      const text = await upload(c, url, c.tokens.tenant_admin, Buffer.from('plain text pretending\n'), 'fake.wav', 'audio/wav');
      expect(text.status).toBe(400);
      expect(fields(text)).toEqual(['file']);
      expect((await c.api('GET', url, { token: c.other.token })).status).toBe(404);
      expect((await upload(c, url, c.other.token, wav, 'x.wav')).status).toBe(404);
      expect((await c.api('DELETE', url, { token: c.other.token })).status).toBe(404);
      expect((await upload(c, url, c.tokens.supervisor, wav, 'x.wav')).status).toBe(403);
      expect((await c.api('GET', `${VM}/${box.id}`, { token: c.tokens.viewer })).body.data.greeting_audio.file_name).toBe('unavail.wav');
      const del = await c.api('DELETE', url, { token: c.tokens.tenant_admin });
      expect(del.body.data.greeting_audio).toBeNull();
      expect((await c.api('GET', url, { token: c.tokens.viewer })).status).toBe(404);
    });
  });
});
