import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachDb, type TestContext } from '../../../test/harness.js';
import { createExtension, fields, setFeature, tinyWav, upload } from '../queues/testing.js';
import { trappedMenus } from './graph.js';

type Row = Record<string, any>;
const IVR = '/api/v1/telephony/ivr';

async function createMenu(c: TestContext, body: Record<string, unknown>, token = c.tokens.tenant_admin) {
  const r = await c.api('POST', IVR, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.body.data as Row;
}
const toMenu = (id: string) => ({ type: 'ivr', target_id: id });
const hangup = { type: 'hangup' };

describe('trappedMenus (the way-out check)', () => {
  const m = (id: string, destinations: { type: string; target_id?: string }[], hasTimeout = true) => ({
    id,
    name: id,
    destinations: destinations as never,
    hasTimeout,
  });
  it('finds the menus from which nothing but menus can be reached', () => {
    expect(trappedMenus([m('A', [toMenu('B')]), m('B', [toMenu('A')])]).map((x) => x.id)).toEqual(['A', 'B']);
    expect(trappedMenus([m('A', [toMenu('B')]), m('B', [toMenu('A'), hangup])])).toEqual([]);
    // A menu without a timeout destination hangs up after its last repeat: a way out.
    expect(trappedMenus([m('A', [toMenu('B')]), m('B', [toMenu('A')], false)])).toEqual([]);
    // Reaching an escaping menu through a chain is enough; a self-loop alone is not.
    expect(
      trappedMenus([m('A', [toMenu('B')]), m('B', [toMenu('C')]), m('C', [{ type: 'queue', target_id: 'q' }]), m('D', [toMenu('D')])]).map((x) => x.id),
    ).toEqual(['D']);
    // A trapped cycle also traps the menus that only lead into it.
    expect(trappedMenus([m('A', [toMenu('B')]), m('B', [toMenu('C')]), m('C', [toMenu('B')]), m('E', [hangup])]).map((x) => x.id)).toEqual(['A', 'B', 'C']);
  });
});

describeEachDb('telephony IVR menus', (ctx) => {
  describe('POST/GET /api/v1/telephony/ivr', () => {
    it('creates a menu with defaults, then one with options to every kind of destination', async () => {
      const c = ctx();
      const plain = await createMenu(c, { name: 'Plain menu' });
      expect(plain).toMatchObject({
        name: 'Plain menu',
        greeting_text: null,
        greeting_audio: null,
        options: [],
        timeout: null,
        invalid: null,
        timeout_seconds: 5,
        repeat_count: 2,
      });
      const queue = (await c.api('POST', '/api/v1/telephony/queues', { token: c.tokens.tenant_admin, body: { name: 'Ivr target queue' } })).body.data;
      const ext = await createExtension(c, 'Ivr target ext');
      const box = (
        await c.api('POST', '/api/v1/telephony/voicemail', { token: c.tokens.tenant_admin, body: { mailbox: '7001', name: 'Ivr box', pin: '1234' } })
      ).body.data;
      const options = [
        { digit: '#', destination: hangup },
        { digit: '1', destination: { type: 'queue', target_id: queue.id } },
        { digit: '2', destination: { type: 'extension', target_id: ext.id } },
        { digit: '3', destination: { type: 'voicemail', target_id: box.id } },
        { digit: '0', destination: { type: 'external', number: '+14155550100' } },
        { digit: '*', destination: { type: 'webhook', url: 'https://example.com/hook' } },
        { digit: '9', destination: toMenu(plain.id) },
      ];
      const full = await createMenu(c, {
        name: 'Main menu',
        greeting_text: 'Welcome. Press 1 for sales.',
        options,
        timeout: toMenu(plain.id),
        invalid: { type: 'queue', target_id: queue.id },
        timeout_seconds: 8,
        repeat_count: 3,
      });
      // Options come back in keypad order: 1–9, 0, *, #.
      expect(full.options.map((o: Row) => o.digit)).toEqual(['1', '2', '3', '9', '0', '*', '#']);
      expect(full).toMatchObject({
        greeting_text: 'Welcome. Press 1 for sales.',
        timeout: toMenu(plain.id),
        invalid: { type: 'queue', target_id: queue.id },
        timeout_seconds: 8,
        repeat_count: 3,
      });
      const slots = await c.deps.db
        .selectFrom('tel_destinations')
        .select(['slot', 'type'])
        .where('owner_type', '=', 'ivr')
        .where('owner_id', '=', full.id)
        .orderBy('slot')
        .execute();
      expect(slots.map((s) => s.slot).sort()).toEqual(['#', '*', '0', '1', '2', '3', '9', 'invalid', 'timeout'].sort());
      const got = await c.api('GET', `${IVR}/${full.id}`, { token: c.tokens.viewer });
      expect(got.body.data).toEqual(full);
      // The targets are referenced now: deleting them is refused.
      expect((await c.api('DELETE', `/api/v1/telephony/queues/${queue.id}`, { token: c.tokens.tenant_admin })).status).toBe(409);
      expect((await c.api('DELETE', `/api/v1/telephony/voicemail/${box.id}`, { token: c.tokens.tenant_admin })).status).toBe(409);
      const audit = await c.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', full.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['ivr.created']);
    });

    it('answers 400 with the fields for bad input, a foreign target and a trap; 409 for a taken name; nothing created', async () => {
      const c = ctx();
      const count = async () => (await c.deps.db.selectFrom('tel_ivr_menus').select('id').where('tenant_id', '=', 'demo').execute()).length;
      const before = await count();
      const bad = await c.api('POST', IVR, {
        token: c.tokens.tenant_admin,
        body: {
          name: '',
          options: [
            { digit: 'A', destination: hangup },
            { digit: '1', destination: { type: 'pizza' } },
          ],
          timeout_seconds: 0,
          repeat_count: 11,
        },
      });
      expect(bad.status).toBe(400);
      expect(fields(bad).sort()).toEqual(['name', 'options.0.digit', 'options.1.destination.type', 'repeat_count', 'timeout_seconds']);
      const dupDigit = await c.api('POST', IVR, {
        token: c.tokens.tenant_admin,
        body: {
          name: 'Dup',
          options: [
            { digit: '1', destination: hangup },
            { digit: '1', destination: hangup },
          ],
        },
      });
      expect(fields(dupDigit)).toEqual(['options']);
      const betaQueue = await c.api('POST', '/api/v1/telephony/queues', { token: c.other.token, body: { name: 'Beta ivr queue' } });
      const foreign = await c.api('POST', IVR, {
        token: c.tokens.tenant_admin,
        body: { name: 'Foreign', options: [{ digit: '5', destination: { type: 'queue', target_id: betaQueue.body.data.id } }] },
      });
      expect(foreign.status).toBe(400);
      expect(fields(foreign)).toEqual(['options.0.destination.target_id']);
      const foreignTimeout = await c.api('POST', IVR, {
        token: c.tokens.tenant_admin,
        body: { name: 'Foreign', timeout: { type: 'queue', target_id: betaQueue.body.data.id } },
      });
      expect(fields(foreignTimeout)).toEqual(['timeout.target_id']);
      await createMenu(c, { name: 'Taken name' });
      const dup = await c.api('POST', IVR, { token: c.tokens.tenant_admin, body: { name: 'TAKEN NAME' } });
      expect(dup.status).toBe(409);
      expect(fields(dup)).toEqual(['name']);
      expect(await count()).toBe(before + 1);
      expect((await c.api('POST', IVR, { token: c.other.token, body: { name: 'Taken name' } })).status).toBe(201);
    });

    it('lists with search and pagination; every role reads; writes need telephony:manage', async () => {
      const c = ctx();
      for (const n of ['Lm Bravo', 'lm Alpha']) await createMenu(c, { name: n });
      const r = await c.api('GET', `${IVR}?q=lm`, { token: c.tokens.agent });
      expect(r.body.data.map((m: Row) => m.name)).toEqual(['lm Alpha', 'Lm Bravo']);
      expect(r.body.meta).toEqual({ page: 1, page_size: 25, total: 2 });
      expect((await c.api('GET', `${IVR}?q=lm&page_size=1&page=2`, { token: c.tokens.viewer })).body.data.map((m: Row) => m.name)).toEqual(['Lm Bravo']);
      expect((await c.api('GET', `${IVR}?q=lm`, { token: c.other.token })).body.data).toEqual([]);
      for (const token of [c.tokens.supervisor, c.tokens.agent, c.tokens.viewer])
        expect((await c.api('POST', IVR, { token, body: { name: 'Nope' } })).status).toBe(403);
      expect((await c.api('GET', IVR)).status).toBe(401);
      expect((await c.api('POST', IVR, { body: { name: 'Nope' } })).status).toBe(401);
      expect(fields(await c.api('GET', `${IVR}?page=0`, { token: c.tokens.viewer }))).toEqual(['page']);
    });
  });

  describe('loops and ways out', () => {
    it('refuses A→B→A without a way out (listing both menus, nothing changed), accepts it once B times out to hang-up', async () => {
      const c = ctx();
      const a = await createMenu(c, { name: 'Loop A' });
      const b = await createMenu(c, { name: 'Loop B', options: [{ digit: '1', destination: toMenu(a.id) }], timeout: toMenu(a.id) });
      const trap = await c.api('PATCH', `${IVR}/${a.id}`, {
        token: c.tokens.tenant_admin,
        body: { options: [{ digit: '1', destination: toMenu(b.id) }], timeout: toMenu(b.id) },
      });
      expect(trap.status).toBe(400);
      expect(trap.body.detail).toContain('"Loop A", "Loop B"');
      expect(trap.body.errors.map((e: Row) => e.message)).toEqual([`menu "Loop A" (${a.id}) has no way out`, `menu "Loop B" (${b.id}) has no way out`]);
      expect((await c.api('GET', `${IVR}/${a.id}`, { token: c.tokens.viewer })).body.data).toMatchObject({ options: [], timeout: null });
      // An invalid-input destination to a menu is no way out either.
      const trap2 = await c.api('PATCH', `${IVR}/${a.id}`, { token: c.tokens.tenant_admin, body: { timeout: toMenu(b.id), invalid: toMenu(b.id) } });
      expect(trap2.status).toBe(400);

      expect((await c.api('PATCH', `${IVR}/${b.id}`, { token: c.tokens.tenant_admin, body: { timeout: hangup } })).status).toBe(200);
      const ok = await c.api('PATCH', `${IVR}/${a.id}`, {
        token: c.tokens.tenant_admin,
        body: { options: [{ digit: '1', destination: toMenu(b.id) }], timeout: toMenu(b.id) },
      });
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.data).toMatchObject({ options: [{ digit: '1', destination: toMenu(b.id) }], timeout: toMenu(b.id) });
      // Taking B's way out again would trap both.
      const again = await c.api('PATCH', `${IVR}/${b.id}`, { token: c.tokens.tenant_admin, body: { timeout: toMenu(a.id) } });
      expect(again.status).toBe(400);
      expect(again.body.detail).toContain('Loop A');
      // A way out through a non-menu option works as well.
      const viaOption = await c.api('PATCH', `${IVR}/${b.id}`, {
        token: c.tokens.tenant_admin,
        body: {
          timeout: toMenu(a.id),
          options: [
            { digit: '1', destination: toMenu(a.id) },
            { digit: '0', destination: { type: 'external', number: '+14155550111' } },
          ],
        },
      });
      expect(viaOption.status, viaOption.text).toBe(200);
    });

    it('refuses creating a menu that only loops into itself', async () => {
      const c = ctx();
      const a = await createMenu(c, { name: 'Self A' });
      const r = await c.api('PATCH', `${IVR}/${a.id}`, {
        token: c.tokens.tenant_admin,
        body: { timeout: toMenu(a.id), options: [{ digit: '1', destination: toMenu(a.id) }] },
      });
      expect(r.status).toBe(400);
      expect(fields(r)).toEqual(['options']);
    });
  });

  describe('PATCH/DELETE /api/v1/telephony/ivr/:id', () => {
    it('updates fields and replaces the options; another tenant gets 404 and changes nothing', async () => {
      const c = ctx();
      const m = await createMenu(c, {
        name: 'Patch me',
        options: [
          { digit: '1', destination: hangup },
          { digit: '2', destination: hangup },
        ],
      });
      const r = await c.api('PATCH', `${IVR}/${m.id}`, {
        token: c.tokens.tenant_admin,
        body: { name: 'Patched', greeting_text: 'Hi', repeat_count: 4, options: [{ digit: '5', destination: hangup }] },
      });
      expect(r.status).toBe(200);
      expect(r.body.data).toMatchObject({ name: 'Patched', greeting_text: 'Hi', repeat_count: 4, options: [{ digit: '5', destination: hangup }] });
      const slots = await c.deps.db.selectFrom('tel_destinations').select('slot').where('owner_id', '=', m.id).execute();
      expect(slots.map((s) => s.slot)).toEqual(['5']);
      for (const body of [{ name: 'Stolen' }, { options: [] }])
        expect((await c.api('PATCH', `${IVR}/${m.id}`, { token: c.other.token, body })).status).toBe(404);
      expect((await c.api('PATCH', `${IVR}/${m.id}`, { token: c.tokens.supervisor, body: { name: 'Sup' } })).status).toBe(403);
      expect(fields(await c.api('PATCH', `${IVR}/${m.id}`, { token: c.tokens.tenant_admin, body: { timeout_seconds: 61 } }))).toEqual(['timeout_seconds']);
      expect((await c.api('GET', `${IVR}/${m.id}`, { token: c.tokens.viewer })).body.data).toEqual(r.body.data);
      const cleared = await c.api('PATCH', `${IVR}/${m.id}`, { token: c.tokens.tenant_admin, body: { greeting_text: null, options: [] } });
      expect(cleared.body.data).toMatchObject({ greeting_text: null, options: [] });
    });

    it('deletes a menu (its own self-references ignored); refused (409) while another menu routes to it', async () => {
      const c = ctx();
      const target = await createMenu(c, { name: 'Del target' });
      await c.api('PATCH', `${IVR}/${target.id}`, {
        token: c.tokens.tenant_admin,
        body: {
          options: [
            { digit: '9', destination: toMenu(target.id) },
            { digit: '0', destination: hangup },
          ],
        },
      });
      const from = await createMenu(c, { name: 'Del from', options: [{ digit: '1', destination: toMenu(target.id) }] });
      const refused = await c.api('DELETE', `${IVR}/${target.id}`, { token: c.tokens.tenant_admin });
      expect(refused.status).toBe(409);
      expect(refused.body.errors).toEqual([{ field: `ivr:${from.id}`, message: 'routes 1 here' }]);
      expect((await c.api('DELETE', `${IVR}/${target.id}`, { token: c.other.token })).status).toBe(404);
      expect((await c.api('DELETE', `${IVR}/${target.id}`, { token: c.tokens.supervisor })).status).toBe(403);
      expect((await c.api('DELETE', `${IVR}/${from.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect((await c.api('DELETE', `${IVR}/${target.id}`, { token: c.tokens.tenant_admin })).status).toBe(204);
      expect((await c.api('GET', `${IVR}/${target.id}`, { token: c.tokens.viewer })).status).toBe(404);
      expect(await c.deps.db.selectFrom('tel_destinations').selectAll().where('owner_id', 'in', [target.id, from.id]).execute()).toEqual([]);
      expect((await c.api('DELETE', `${IVR}/${target.id}`, { token: c.tokens.tenant_admin })).status).toBe(404);
    });
  });

  describe('greeting audio', () => {
    it('accepts a real WAV (sniffed), stores it once by content hash and serves it back; removes it', async () => {
      const c = ctx();
      const m = await createMenu(c, { name: 'Greeted' });
      const wav = tinyWav(40);
      const sha = createHash('sha256').update(wav).digest('hex');
      // The declared type is not trusted either way: the bytes decide.
      const r = await upload(c, `${IVR}/${m.id}/greeting`, c.tokens.tenant_admin, wav, 'hello.bin', 'application/octet-stream');
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.greeting_audio).toMatchObject({ content_type: 'audio/wav', size: wav.length, sha256: sha, file_name: 'hello.bin' });
      const file = join(c.config.dataDir, 'files', `${sha}.wav`);
      expect(readFileSync(file).equals(wav)).toBe(true);
      const second = await createMenu(c, { name: 'Greeted too' });
      const r2 = await upload(c, `${IVR}/${second.id}/greeting`, c.tokens.tenant_admin, wav, 'same.wav', 'audio/wav');
      expect(r2.body.data.greeting_audio.sha256).toBe(sha);

      const got = await c.app.inject({ method: 'GET', url: `${IVR}/${m.id}/greeting`, headers: { authorization: `Bearer ${c.tokens.viewer}` } });
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('audio/wav');
      expect(got.headers['content-disposition']).toContain('hello.bin');
      expect(got.rawPayload.equals(wav)).toBe(true);

      const audit = await c.deps.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', m.id)
        .where('action', '=', 'ivr.greeting_uploaded')
        .execute();
      expect(audit).toHaveLength(1);
      const del = await c.api('DELETE', `${IVR}/${m.id}/greeting`, { token: c.tokens.tenant_admin });
      expect(del.status).toBe(200);
      expect(del.body.data.greeting_audio).toBeNull();
      expect((await c.api('GET', `${IVR}/${m.id}/greeting`, { token: c.tokens.viewer })).status).toBe(404);
      expect((await c.api('DELETE', `${IVR}/${m.id}/greeting`, { token: c.tokens.tenant_admin })).status).toBe(404);
      // The other menu still has it.
      expect((await c.api('GET', `${IVR}/${second.id}/greeting`, { token: c.tokens.viewer })).status).toBe(200);
      expect(existsSync(file)).toBe(true);
    });

    it('accepts MP3 and Ogg by their bytes', async () => {
      const c = ctx();
      const m = await createMenu(c, { name: 'Formats' });
      const mp3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(400)]);
      const r = await upload(c, `${IVR}/${m.id}/greeting`, c.tokens.tenant_admin, mp3, 'x.mp3', 'audio/mpeg');
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.greeting_audio.content_type).toBe('audio/mpeg');
      const ogg = Buffer.alloc(80);
      ogg.write('OggS', 0, 'ascii');
      ogg[5] = 2;
      ogg.write('\x01vorbis', 28, 'latin1');
      const o = await upload(c, `${IVR}/${m.id}/greeting`, c.tokens.tenant_admin, ogg, 'x.ogg', 'audio/ogg');
      expect(o.status, o.text).toBe(200);
      expect(o.body.data.greeting_audio.content_type).toBe('audio/ogg');
    });

    it('refuses a text file named .wav, an empty file, a non-multipart body and an oversized file; nothing changes', async () => {
      const c = ctx();
      const m = await createMenu(c, { name: 'Refusing' });
      const url = `${IVR}/${m.id}/greeting`;
      const text = await upload(c, url, c.tokens.tenant_admin, Buffer.from('This is not audio, just text in a .wav file.\n'), 'greeting.wav', 'audio/wav');
      expect(text.status).toBe(400);
      expect(fields(text)).toEqual(['file']);
      expect(text.body.detail).toContain('not WAV, MP3 or Ogg');
      const empty = await upload(c, url, c.tokens.tenant_admin, Buffer.alloc(0), 'empty.wav', 'audio/wav');
      expect(empty.status).toBe(400);
      const json = await c.api('POST', url, { token: c.tokens.tenant_admin, body: { file: 'UklGRg==' } });
      expect(json.status).toBe(415);
      const big = Buffer.concat([tinyWav(16), Buffer.alloc(10 * 1024 * 1024)]);
      const tooBig = await upload(c, url, c.tokens.tenant_admin, big, 'big.wav', 'audio/wav');
      expect(tooBig.status).toBe(413);
      expect((await c.api('GET', `${IVR}/${m.id}`, { token: c.tokens.viewer })).body.data.greeting_audio).toBeNull();
    });

    it("another tenant's file answers 404 (upload, download, removal); roles and sign-in apply", async () => {
      const c = ctx();
      const m = await createMenu(c, { name: 'Private greeting' });
      const wav = tinyWav(24);
      expect((await upload(c, `${IVR}/${m.id}/greeting`, c.tokens.tenant_admin, wav, 'mine.wav')).status).toBe(200);
      expect((await c.api('GET', `${IVR}/${m.id}/greeting`, { token: c.other.token })).status).toBe(404);
      expect((await upload(c, `${IVR}/${m.id}/greeting`, c.other.token, tinyWav(30), 'theirs.wav')).status).toBe(404);
      expect((await c.api('DELETE', `${IVR}/${m.id}/greeting`, { token: c.other.token })).status).toBe(404);
      expect((await upload(c, `${IVR}/${m.id}/greeting`, c.tokens.supervisor, wav, 'sup.wav')).status).toBe(403);
      expect((await upload(c, `${IVR}/${m.id}/greeting`, null, wav, 'anon.wav')).status).toBe(401);
      expect((await c.api('GET', `${IVR}/${m.id}/greeting`)).status).toBe(401);
      const still = await c.api('GET', `${IVR}/${m.id}`, { token: c.tokens.viewer });
      expect(still.body.data.greeting_audio).toMatchObject({ file_name: 'mine.wav', size: wav.length });
    });
  });

  describe('feature flag `ivr`', () => {
    it('off: every IVR route answers 403 feature_disabled', async () => {
      const c = ctx();
      const m = await createMenu(c, { name: 'Flag menu' });
      await setFeature(c, 'ivr', false);
      try {
        const calls: [string, string, unknown?][] = [
          ['GET', IVR],
          ['POST', IVR, { name: 'Off' }],
          ['GET', `${IVR}/${m.id}`],
          ['PATCH', `${IVR}/${m.id}`, { name: 'Off' }],
          ['DELETE', `${IVR}/${m.id}`],
          ['GET', `${IVR}/${m.id}/greeting`],
          ['DELETE', `${IVR}/${m.id}/greeting`],
        ];
        for (const [method, url, body] of calls) {
          const r = await c.api(method, url, { token: c.tokens.tenant_admin, body });
          expect(r.status, `${method} ${url}`).toBe(403);
          expect(r.body.code).toBe('feature_disabled');
        }
        const up = await upload(c, `${IVR}/${m.id}/greeting`, c.tokens.tenant_admin, tinyWav(), 'off.wav');
        expect(up.status).toBe(403);
        expect(up.body.code).toBe('feature_disabled');
      } finally {
        await setFeature(c, 'ivr', true);
      }
      expect((await c.api('GET', `${IVR}/${m.id}`, { token: c.tokens.viewer })).status).toBe(200);
    });
  });
});
