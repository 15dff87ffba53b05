/**
 * Tenant isolation, driven by the OpenAPI document: every operation whose `x-scope` is `tenant`
 * is called by tenant B (`beta`) with the ids of tenant A (`demo`). Routes added later are covered
 * without touching this file; an operation that cannot be exercised fails the suite.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type TestContext, describeEachDb } from './harness.js';

type Schema = Record<string, any>;
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses?: Record<string, unknown>;
  'x-permission'?: string;
  'x-scope'?: 'public' | 'authenticated' | 'platform' | 'tenant';
}
interface Op {
  key: string;
  method: string;
  path: string;
  op: Operation;
  pathParams: string[];
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** The walks call every operation with every id: their time grows with the API, past the default test timeout on a busy machine. */
const WALK = { timeout: 10 * 60_000 };
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The only operations anyone may call without signing in. */
const PUBLIC_ALLOWED = new Set([
  ...['login', 'register', 'refresh', 'logout', 'forgot-password', 'reset-password'].map((p) => `POST /api/v1/auth/${p}`),
  // Raw MIME from an MTA or a provider's hook: no user, the channel's inbound token is checked inside.
  'POST /api/v1/helpdesk/email-inbound',
  // Website visitors of a chat widget: the widget key, then the visitor token, scope everything (modules/chat/visitor.*).
  'GET /api/v1/chat/public/widgets/{key}',
  'POST /api/v1/chat/public/widgets/{key}/sessions',
  'POST /api/v1/chat/public/widgets/{key}/offline',
  'POST /api/v1/chat/public/session/rating',
  'POST /api/v1/chat/public/session/files',
  'GET /api/v1/chat/public/session/files/{file_id}',
]);
/** Keys whose string values are ids of the tenant's data (request ids and client-chosen idempotency keys are not). */
const isIdKey = (k: string) => k === 'id' || (/_id$/.test(k) && k !== 'request_id' && k !== 'client_id');
const isIdListKey = (k: string) => /_ids$/.test(k);

function operationsOf(doc: OpenApiDoc): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const method = m.toUpperCase();
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
      out.push({ key: `${method} ${path}`, method, path, op, pathParams });
    }
  }
  return out;
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for path param ${name} of ${path}`);
    return encodeURIComponent(values[name]);
  });
}

/**
 * Chat sessions are started by website visitors (the public API), not by a tenant POST: with the
 * tenant admin briefly online as a chat agent, start one chat on each widget the tenant created
 * (routing gives it to the admin). The admin goes offline again so the agent list stays as it is.
 */
async function startChats(c: TestContext, token: string, tenantId: string, widgetIds: readonly string[]): Promise<string[]> {
  const me = (await c.api('GET', '/api/v1/auth/me', { token })).body.data.user.id as string;
  const at = new Date().toISOString();
  const agent = { availability: 'online', max_chats: 50, active_chats: 0, auto_accept: 1, heartbeat_at: at, last_assigned_at: null, updated_at: at };
  await c.deps.db.deleteFrom('chat_agents').where('tenant_id', '=', tenantId).where('user_id', '=', me).execute();
  await c.deps.db.insertInto('chat_agents').values({ tenant_id: tenantId, user_id: me, ...agent }).execute();
  const ids: string[] = [];
  try {
    for (const id of widgetIds) {
      const w = await c.api('GET', `/api/v1/chat/widgets/${id}`, { token });
      const r = await c.api('POST', `/api/v1/chat/public/widgets/${w.body.data.key}/sessions`, { body: { name: `Visitor ${tenantId}` } });
      if (r.status !== 201) throw new Error(`chat session on ${id}: ${r.status} ${r.text}`);
      ids.push(r.body.data.session.id);
    }
  } finally {
    await c.deps.db.updateTable('chat_agents').set({ availability: 'offline', heartbeat_at: null }).where('tenant_id', '=', tenantId).where('user_id', '=', me).execute();
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// A small JSON-schema sample generator: valid bodies, so that validation never hides a missing
// tenant check. It throws on what it cannot satisfy, so a new route tells us to extend it.
// ---------------------------------------------------------------------------------------------

/** Values tried, in order, against a `pattern` (first one that matches and fits the lengths wins). */
const PATTERN_CANDIDATES = [
  'sample',
  'Sample',
  'SAMPLE',
  'ABC1',
  'a1',
  'abc-def',
  '#336699',
  '+1 555 0100',
  '09:00',
  '12:30:00',
  '2026-01-01',
  '2026-01-01T09:00:00.000Z',
  '12345',
  '1',
  'a',
  'A',
  'sample@example.com',
  'https://example.com/sample',
];

interface Gen {
  doc: OpenApiDoc;
  /** Unique text that marks what this tenant created. */
  marker: string;
  /** Also fill optional properties whose name says they reference ids, with this id. */
  refId?: string;
}

function resolveRef(doc: OpenApiDoc, s: Schema): Schema {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 20; i++) {
    const name = String(cur.$ref).replace(/^#\/components\/schemas\//, '');
    cur = doc.components?.schemas?.[name] ?? {};
  }
  return cur ?? {};
}

function fitLength(s: string, schema: Schema): string {
  let out = s;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  while (out.length < min) out += 'x';
  if (out.length > max) out = out.slice(out.length - max); // keep the unique tail
  return out;
}

function sampleString(schema: Schema, name: string, g: Gen, where: string): string {
  const uniq = `${g.marker}${randomUUID().slice(0, 6)}`;
  const format = schema.format as string | undefined;
  const lname = name.toLowerCase();
  let value: string;
  if (format === 'email' || lname === 'email' || lname.endsWith('_email')) value = `${uniq}@example.com`;
  else if (format === 'uuid') value = randomUUID();
  else if (format === 'uri' || format === 'url' || lname.endsWith('url')) value = `https://example.com/${uniq}`;
  else if (format === 'date-time') value = new Date().toISOString();
  // A phone number (E.164), different on every call: numbers are unique across tenants. Berlin
  // numbers (+49 30, eight digits from 2…) are valid in the numbering plan, not just well formed.
  else if (format === 'e164') value = `+4930${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  else if (format === 'date') value = '2026-01-01';
  else if (format === 'time') value = '09:00:00';
  else if (format === 'ipv4') value = '192.0.2.1';
  else if (lname === 'password' || lname.endsWith('_password')) value = `Pw-${uniq}-123456`;
  else if (isIdKey(name) && g.refId) value = g.refId;
  else value = `${name || 'v'}-${uniq}`;

  if (schema.pattern) {
    const re = new RegExp(schema.pattern, 'u');
    const fits = (v: string) => re.test(v) && v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
    if (!fits(value)) {
      // Digit strings differ on every call (mailbox and extension numbers are unique in a tenant).
      const candidates = PATTERN_CANDIDATES.map((c) => (/^\d{2,}$/.test(c) ? uniqueDigits(c.length) : c));
      const found = candidates.find(fits);
      if (found === undefined) throw new Error(`sample generator: no value for pattern ${schema.pattern} at ${where}; extend PATTERN_CANDIDATES`);
      value = found;
    }
    return value;
  }
  return fitLength(value, schema);
}

/** `n` random digits, the first not 0. */
function uniqueDigits(n: number): string {
  let out = String(1 + Math.floor(Math.random() * 9));
  while (out.length < n) out += String(Math.floor(Math.random() * 10));
  return out;
}

function sampleNumber(schema: Schema, integer: boolean): number {
  let min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : undefined);
  let max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0.5) : undefined);
  min ??= Number.NEGATIVE_INFINITY;
  max ??= Number.POSITIVE_INFINITY;
  let v = Math.min(Math.max(1, min), max);
  if (integer) v = Math.ceil(v);
  return v;
}

/** A value valid for `schema` (required properties; optional id references when `g.refId` is set). */
function sample(input: Schema, g: Gen, name = '', where = name || 'body', depth = 0): unknown {
  if (depth > 12) throw new Error(`sample generator: schema too deep at ${where}`);
  const schema = resolveRef(g.doc, input);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined && schema.type === undefined) return schema.default;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants) {
    const nonNull = variants.map((v) => resolveRef(g.doc, v)).filter((v) => v.type !== 'null');
    return nonNull.length ? sample(nonNull[0], g, name, where, depth + 1) : null;
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((s: Schema) => sample(s, g, name, where, depth + 1)));
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t: string) => t !== 'null') ?? 'null';
  if (!type) type = schema.properties || schema.required ? 'object' : schema.items ? 'array' : undefined;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'string':
      return sampleString(schema, name, g, where);
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, isIdListKey(name) && g.refId ? 1 : 0);
      if (isIdListKey(name) && g.refId) return Array.from({ length: n }, () => g.refId);
      return Array.from({ length: n }, (_v, i) => sample(schema.items ?? {}, g, name.replace(/s$/, ''), `${where}[${i}]`, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const props: Record<string, Schema> = schema.properties ?? {};
      const required: string[] = schema.required ?? [];
      for (const key of required) {
        const prop = props[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {});
        out[key] = sample(prop, g, key, `${where}.${key}`, depth + 1);
      }
      if (g.refId) {
        for (const [key, prop] of Object.entries(props)) {
          if (key in out || !(isIdKey(key) || isIdListKey(key))) continue;
          out[key] = sample(prop, g, key, `${where}.${key}`, depth + 1);
        }
      }
      return out;
    }
    default:
      // `{}` (any value).
      return 'sample';
  }
}

/** Properties of a JSON body that reference other resources by id. */
function idPropertiesOf(doc: OpenApiDoc, schema: Schema | undefined): string[] {
  if (!schema) return [];
  const s = resolveRef(doc, schema);
  return Object.keys(s.properties ?? {}).filter((k) => isIdKey(k) || isIdListKey(k));
}

/** A small valid CSV for a `text/csv` body (the header is the contact import's, the only CSV upload). */
function sampleCsv(marker: string): string {
  return `first_name,last_name,email,tags\n${marker}Csv,Row,${marker}-csv@example.com,${marker}-csvtag\n`;
}

/**
 * A multipart body with one file part: a tiny but real WAV (the only uploads are audio greetings,
 * recognised by their bytes). Every byte is ASCII so that the JSON client sends the string as is.
 */
function sampleMultipart(marker: string): BodyChoice {
  const samples = 32;
  const b = Buffer.alloc(44 + samples);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(8000, 24); // 8 kHz
  b.writeUInt32LE(8000, 28); // bytes per second
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34); // 8 bit
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) b[44 + i] = 0x40 + (i % 0x3f);
  const boundary = `sbt-${marker}-boundary`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${marker}.wav"\r\nContent-Type: audio/wav\r\n\r\n${b.toString('latin1')}\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

interface BodyChoice {
  body?: unknown;
  headers?: Record<string, string>;
}

function bodyFor(doc: OpenApiDoc, op: Operation, marker: string, refId?: string): BodyChoice {
  const content = op.requestBody?.content;
  if (!content) return {};
  if (content['application/json']) return { body: sample(content['application/json'].schema ?? {}, { doc, marker, refId }) };
  if (content['text/csv']) return { body: sampleCsv(marker), headers: { 'content-type': 'text/csv' } };
  if (content['multipart/form-data']) return sampleMultipart(marker);
  throw new Error(`no sample for request content ${Object.keys(content).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Reading a tenant's data
// ---------------------------------------------------------------------------------------------

/** Every id-like string (data[].id and nested `*_id` / `*_ids`) in a JSON value. */
function collectIds(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (isIdKey(key) || isIdListKey(key)) into.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into, key);
    return;
  }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectIds(v, into, k);
}

/** Every string anywhere in a JSON value. */
function stringsOf(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, into);
  return into;
}

/** Canonical JSON: object keys sorted, arrays sorted by their canonical form. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

interface Read {
  status: number;
  /** Parsed JSON: the whole body, or for a paginated list every page's `data` joined. */
  json?: unknown;
  text: string;
}

/** GET an operation without path params; a paginated list is read to its end. */
async function readAll(api: TestContext['api'], token: string, o: Op, query = ''): Promise<Read> {
  const paged = o.op.parameters?.some((p) => p.in === 'query' && p.name === 'page_size');
  const sep = query ? '&' : '';
  if (!paged) {
    const r = await api('GET', `${o.path}${query ? `?${query}` : ''}`, { token });
    return { status: r.status, json: r.body, text: r.text };
  }
  const data: unknown[] = [];
  const texts: string[] = [];
  for (let page = 1; page < 1000; page++) {
    const r = await api('GET', `${o.path}?${query}${sep}page=${page}&page_size=100`, { token });
    if (r.status !== 200) return { status: r.status, json: r.body, text: r.text };
    texts.push(r.text);
    data.push(...r.body.data);
    if (r.body.data.length === 0 || data.length >= r.body.meta.total) break;
  }
  return { status: 200, json: { data }, text: texts.join('\n') };
}

/** A comparable snapshot of a read: canonical JSON, or the sorted lines of a text body. */
function snapshotOf(r: Read): string {
  if (r.json !== undefined) return `${r.status} ${canonical(r.json)}`;
  return `${r.status} ${r.text.split(/\r?\n/).sort().join('\n')}`;
}

// ---------------------------------------------------------------------------------------------

describeEachDb('tenant isolation (every tenant-scoped operation of the OpenAPI document)', (ctx) => {
  let doc: OpenApiDoc;
  let ops: Op[];
  let tenantOps: Op[];
  const demoMarker = `dm${randomUUID().slice(0, 6)}`;
  const betaMarker = `bt${randomUUID().slice(0, 6)}`;
  /** Ids of demo's data, and what demo created in this suite, by kind. */
  const demoIds = new Set<string>();
  const created: Record<string, string[]> = {};
  const betaIds = new Set<string>();
  /** Demo's read-only views before tenant B acts. */
  const before = new Map<string, string>();
  /** How many calls each tenant-scoped operation got from tenant B. */
  const covered = new Map<string, number>();
  /** Problems found by the current test (collected so that one run reports them all). */
  let failures: string[] = [];

  const lists = () => tenantOps.filter((o) => o.method === 'GET' && o.pathParams.length === 0);
  const cover = (o: Op) => covered.set(o.key, (covered.get(o.key) ?? 0) + 1);
  const fail = (msg: string) => {
    if (failures.length < 50) failures.push(msg);
  };
  /** The demo ids found in a response (string values equal to an id, or long ids anywhere in the text). */
  const demoIdsIn = (r: { body?: unknown; text: string }, except: string[] = []) => {
    const found = new Set<string>();
    for (const s of r.body !== undefined ? stringsOf(r.body) : []) if (demoIds.has(s)) found.add(s);
    for (const id of demoIds) if (id.length >= 8 && r.text.includes(id)) found.add(id);
    if (r.text.includes(demoMarker)) found.add(`marker ${demoMarker}`);
    for (const e of except) found.delete(e);
    return [...found];
  };

  describe('the document', () => {
    it('is loaded and every operation declares x-permission and x-scope; only the sign-in flow is public', async () => {
      const r = await ctx().api('GET', '/api/v1/openapi.json');
      expect(r.status).toBe(200);
      doc = r.body;
      ops = operationsOf(doc);
      tenantOps = ops.filter((o) => o.op['x-scope'] === 'tenant');
      expect(ops.length).toBeGreaterThan(20);
      for (const o of ops) {
        expect(o.op['x-permission'], `${o.key} has no x-permission`).toBeTruthy();
        expect(['public', 'authenticated', 'platform', 'tenant'], `${o.key} x-scope`).toContain(o.op['x-scope']);
        if (o.op['x-permission'] === 'public') expect(o.op['x-scope']).toBe('public');
        if (o.op['x-scope'] !== 'public') expect(o.op, `${o.key} declares no bearer security`).toHaveProperty('security');
      }
      const publicOps = ops.filter((o) => o.op['x-scope'] === 'public' || o.op['x-permission'] === 'public').map((o) => o.key);
      expect(publicOps.filter((k) => !PUBLIC_ALLOWED.has(k))).toEqual([]);
      // The walk below needs tenant routes, with and without path params.
      expect(tenantOps.some((o) => o.pathParams.length > 0)).toBe(true);
      expect(lists().length).toBeGreaterThan(0);
    });
  });

  describe('tenant A (demo)', () => {
    it('creates a resource of every kind it can (every create operation, plus links between them)', async () => {
      const { api, tokens } = ctx();
      const token = tokens.tenant_admin;
      // Every tenant-scoped POST without path params creates something.
      for (const o of tenantOps.filter((x) => x.method === 'POST' && x.pathParams.length === 0)) {
        const { body, headers } = bodyFor(doc, o.op, demoMarker);
        const r = await api('POST', o.path, { token, body, headers });
        expect(r.status, `${o.key} with ${JSON.stringify(body)}: ${r.text}`).toBeGreaterThanOrEqual(200);
        expect(r.status, `${o.key} with ${JSON.stringify(body)}: ${r.text}`).toBeLessThan(300);
        const ids = new Set<string>();
        if (r.body?.data && typeof r.body.data === 'object' && typeof r.body.data.id === 'string') ids.add(r.body.data.id);
        created[o.path] = [...ids];
      }
      created['chat sessions'] = await startChats(ctx(), token, 'demo', created['/api/v1/chat/widgets'] ?? []);
      expect(created['chat sessions'].length).toBeGreaterThan(0);
      const createdIds = Object.values(created).flat();
      // Uploads: a multipart POST under a resource (a greeting, a ticket's attachments) is sent to each created resource until one takes it.
      const uploadedIds: string[] = [];
      for (const o of tenantOps.filter((x) => x.method === 'POST' && x.pathParams.length > 0 && x.op.requestBody?.content['multipart/form-data'])) {
        let uploaded = false;
        for (const owner of createdIds) {
          if (uploaded) break;
          const r = await api('POST', fillPath(o.path, Object.fromEntries(o.pathParams.map((p) => [p, owner]))), { token, ...bodyFor(doc, o.op, demoMarker) });
          uploaded = r.status >= 200 && r.status < 300;
          // What an upload creates (e.g. attachments) is tenant data too, and a message may reference it.
          if (uploaded) for (const d of Array.isArray(r.body?.data) ? r.body.data : []) if (typeof d?.id === 'string') uploadedIds.push(d.id);
        }
        expect(uploaded, `could not upload with ${o.key}`).toBe(true);
      }
      for (const id of uploadedIds) demoIds.add(id);
      // Links: a POST under a resource whose body references another resource (e.g. tag a contact, send an attachment).
      for (const o of tenantOps.filter((x) => x.method === 'POST' && x.pathParams.length > 0)) {
        const refs = idPropertiesOf(doc, o.op.requestBody?.content['application/json']?.schema);
        if (!refs.length) continue;
        let linked = false;
        for (const owner of createdIds) {
          for (const ref of [...createdIds, ...uploadedIds]) {
            if (linked || ref === owner) continue;
            const values = Object.fromEntries(o.pathParams.map((p) => [p, owner]));
            const r = await api('POST', fillPath(o.path, values), { token, body: bodyFor(doc, o.op, demoMarker, ref).body });
            if (r.status >= 200 && r.status < 300) linked = true;
          }
        }
        expect(linked, `could not create a link with ${o.key}`).toBe(true);
      }
      // Uploads: a multipart POST under a resource (e.g. a greeting) is sent to each created resource until one takes it.
      for (const o of tenantOps.filter((x) => x.method === 'POST' && x.pathParams.length > 0 && x.op.requestBody?.content['multipart/form-data'])) {
        let uploaded = false;
        for (const owner of createdIds) {
          if (uploaded) break;
          const r = await api('POST', fillPath(o.path, Object.fromEntries(o.pathParams.map((p) => [p, owner]))), { token, ...bodyFor(doc, o.op, demoMarker) });
          uploaded = r.status >= 200 && r.status < 300;
        }
        expect(uploaded, `could not upload with ${o.key}`).toBe(true);
      }
      // At least the kinds the product has today.
      expect(created['/api/v1/contacts']).toHaveLength(1);
      expect(created['/api/v1/tags']).toHaveLength(1);
      expect(created['/api/v1/users']).toHaveLength(1);
      const contact = await api('GET', `/api/v1/contacts/${created['/api/v1/contacts'][0]}`, { token });
      expect(contact.body.data.tags.map((t: { id: string }) => t.id)).toContain(created['/api/v1/tags'][0]);
    });

    it('collects every id of its data from every list, and takes a snapshot', async () => {
      const { api, tokens } = ctx();
      for (const o of lists()) {
        const r = await readAll(api, tokens.tenant_admin, o);
        expect(r.status, `${o.key}: ${r.text}`).toBe(200);
        if (r.json !== undefined) collectIds(r.json, demoIds);
        before.set(o.key, snapshotOf(r));
      }
      for (const id of Object.values(created).flat()) expect(demoIds).toContain(id);
      expect(demoIds).toContain('demo');
      expect(demoIds.size).toBeGreaterThan(10);
    });

    it('the ids are real: every single-resource GET answers 200 for some of them (as demo)', WALK, async () => {
      const { api, tokens } = ctx();
      for (const o of tenantOps.filter((x) => x.method === 'GET' && x.pathParams.length === 1)) {
        let found = 0;
        for (const id of demoIds) {
          const r = await api('GET', fillPath(o.path, { [o.pathParams[0]]: id }), { token: tokens.tenant_admin });
          if (r.status === 200) found++;
          else expect(r.status, `${o.key} ${id}`).toBe(404);
        }
        expect(found, `${o.key} found none of demo's ids`).toBeGreaterThan(0);
      }
    });
  });

  describe('tenant B (beta), with every tenant permission', () => {
    it('has data of its own to mix into the requests', async () => {
      const { api, other } = ctx();
      const betaWidgets: string[] = [];
      for (const o of tenantOps.filter((x) => x.method === 'POST' && x.pathParams.length === 0)) {
        const { body, headers } = bodyFor(doc, o.op, betaMarker);
        const r = await api('POST', o.path, { token: other.token, body, headers });
        cover(o);
        expect(r.status, `${o.key}: ${r.text}`).toBeGreaterThanOrEqual(200);
        expect(r.status, `${o.key}: ${r.text}`).toBeLessThan(300);
        expect(demoIdsIn(r), `${o.key} answered with demo data`).toEqual([]);
        if (o.path === '/api/v1/chat/widgets') betaWidgets.push(r.body.data.id);
      }
      await startChats(ctx(), other.token, other.tenantId, betaWidgets);
      for (const o of lists()) {
        const r = await readAll(api, other.token, o);
        if (r.json !== undefined) collectIds(r.json, betaIds);
      }
      const shared = [...betaIds].filter((id) => demoIds.has(id));
      expect(shared, 'ids seen by both tenants').toEqual([]);
      expect(betaIds).toContain('beta');
    });

    it('gets 404 for every id of tenant A in every path param (all at once and each in turn), on every method', WALK, async () => {
      const { api, other } = ctx();
      failures = [];
      const fillers = [...betaIds, 'no-such-id'];
      for (const o of tenantOps.filter((x) => x.pathParams.length > 0)) {
        // Bodies: a valid one, and (when the body references resources) ones that reference tenant B's own.
        const refs = idPropertiesOf(doc, o.op.requestBody?.content['application/json']?.schema);
        const bodies: BodyChoice[] = [bodyFor(doc, o.op, betaMarker)];
        if (refs.length) for (const b of betaIds) bodies.push(bodyFor(doc, o.op, betaMarker, b));

        const combos: Record<string, string>[] = [];
        for (const id of demoIds) {
          combos.push(Object.fromEntries(o.pathParams.map((p) => [p, id])));
          if (o.pathParams.length > 1)
            for (const p of o.pathParams) for (const f of fillers) combos.push(Object.fromEntries(o.pathParams.map((q) => [q, q === p ? id : f])));
        }
        for (const values of combos) {
          for (const b of bodies) {
            const url = fillPath(o.path, values);
            const r = await api(o.method, url, { token: other.token, body: b.body, headers: b.headers });
            cover(o);
            if (r.status !== 404) fail(`${o.method} ${url} ${JSON.stringify(b.body) ?? ''} → ${r.status} ${r.text.slice(0, 200)}`);
            else if (r.headers['content-type']?.toString().includes('application/problem+json') !== true) fail(`${o.method} ${url} → 404 but not a problem`);
            const leaked = demoIdsIn(r, Object.values(values));
            if (leaked.length) fail(`${o.method} ${url} → leaks ${leaked.join(', ')}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('lists nothing of tenant A: every list, also filtered by tenant A ids', async () => {
      const { api, other } = ctx();
      for (const o of lists()) {
        const r = await readAll(api, other.token, o);
        cover(o);
        expect(r.status, `${o.key}: ${r.text}`).toBe(200);
        expect(demoIdsIn({ body: r.json, text: r.text }), `${o.key} shows tenant A data`).toEqual([]);
        // Query parameters that filter by id, given tenant A's ids.
        const idQueries = (o.op.parameters ?? []).filter((p) => p.in === 'query' && isIdKey(p.name));
        for (const p of idQueries) {
          for (const id of demoIds) {
            const f = await readAll(api, other.token, o, `${p.name}=${encodeURIComponent(id)}`);
            cover(o);
            expect([200, 404], `${o.key}?${p.name}=${id}: ${f.text}`).toContain(f.status);
            expect(demoIdsIn({ body: f.json, text: f.text }, [id]), `${o.key}?${p.name}=${id}`).toEqual([]);
          }
        }
      }
    });

    it('writes without path params work in its own tenant and answer with nothing of tenant A', async () => {
      const { api, other } = ctx();
      for (const o of tenantOps.filter((x) => WRITE.has(x.method) && x.pathParams.length === 0)) {
        const r = await api(o.method, o.path, { token: other.token, ...bodyFor(doc, o.op, betaMarker) });
        cover(o);
        expect(r.status, `${o.key}: ${r.text}`).toBeGreaterThanOrEqual(200);
        expect(r.status, `${o.key}: ${r.text}`).toBeLessThan(300);
        expect(demoIdsIn(r), `${o.key} answered with demo data`).toEqual([]);
      }
    });

    it('cannot reference tenant A resources from the body of a write, on its own resources either', WALK, async () => {
      const { api, other } = ctx();
      failures = [];
      const fillers = [...betaIds, 'no-such-id'];
      let tried = 0;
      for (const o of tenantOps.filter((x) => WRITE.has(x.method))) {
        const refs = idPropertiesOf(doc, o.op.requestBody?.content['application/json']?.schema);
        if (!refs.length) continue;
        // Path params: tenant B's own ids (every combination of them).
        let combos: Record<string, string>[] = [{}];
        for (const p of o.pathParams) combos = combos.flatMap((c) => fillers.map((f) => ({ ...c, [p]: f })));
        for (const values of combos) {
          for (const id of demoIds) {
            const b = bodyFor(doc, o.op, betaMarker, id);
            const url = fillPath(o.path, values);
            const r = await api(o.method, url, { token: other.token, body: b.body });
            cover(o);
            tried++;
            if (!(r.status >= 400 && r.status < 500) || r.status === 403)
              fail(`${o.method} ${url} ${JSON.stringify(b.body)} → ${r.status} ${r.text.slice(0, 200)}`);
            const leaked = demoIdsIn(r, [id]);
            if (leaked.length) fail(`${o.method} ${url} with ${id} → leaks ${leaked.join(', ')}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(tried).toBeGreaterThan(0);
    });

    it('covered every tenant-scoped operation of the document', () => {
      const missing = tenantOps.filter((o) => !covered.has(o.key)).map((o) => o.key);
      expect(missing).toEqual([]);
      expect([...covered.keys()].sort()).toEqual(tenantOps.map((o) => o.key).sort());
      // Each operation with path params got every id of tenant A.
      for (const o of tenantOps.filter((x) => x.pathParams.length > 0)) expect(covered.get(o.key) ?? 0, o.key).toBeGreaterThanOrEqual(demoIds.size);
    });
  });

  describe('afterwards', () => {
    it("tenant A's data is unchanged", async () => {
      const { api, tokens } = ctx();
      for (const o of lists()) {
        const r = await readAll(api, tokens.tenant_admin, o);
        expect(snapshotOf(r), o.key).toBe(before.get(o.key));
      }
      for (const id of created['/api/v1/contacts']) expect((await api('GET', `/api/v1/contacts/${id}`, { token: tokens.tenant_admin })).status).toBe(200);
    });
  });
});

describe('the sample body generator', () => {
  const doc: OpenApiDoc = {
    openapi: '3.1.0',
    paths: {},
    components: { schemas: { Ref: { type: 'object', properties: { n: { type: 'integer', minimum: 3 } }, required: ['n'] } } },
  };
  const g = { doc, marker: 'mk' };
  it('fills required properties with valid values', () => {
    const v = sample(
      {
        type: 'object',
        required: ['email', 'role', 'color', 'count', 'when', 'site', 'ref', 'hours', 'tags', 'slug'],
        properties: {
          email: { type: 'string' },
          role: { type: 'string', enum: ['tenant_admin', 'agent'] },
          color: { anyOf: [{ type: 'string', pattern: '^#[0-9a-fA-F]{6}$' }, { type: 'null' }] },
          count: { type: 'integer', minimum: 2, maximum: 6 },
          when: { type: 'string', format: 'date-time' },
          site: { type: ['string', 'null'], format: 'uri' },
          ref: { $ref: '#/components/schemas/Ref' },
          hours: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, required: ['mon'] },
          tags: { type: 'array', minItems: 1, items: { type: 'string', minLength: 20 } },
          slug: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,30}$' },
          optional: { type: 'string' },
        },
      },
      g,
    ) as Record<string, any>;
    expect(v.email).toMatch(/^mk\w+@example\.com$/);
    expect(v.role).toBe('tenant_admin');
    expect(v.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(v.count).toBe(2);
    expect(Number.isNaN(Date.parse(v.when))).toBe(false);
    expect(() => new URL(v.site)).not.toThrow();
    expect(v.ref).toEqual({ n: 3 });
    expect(v.hours).toEqual({ mon: [] });
    expect(v.tags[0].length).toBeGreaterThanOrEqual(20);
    expect(v.slug).toMatch(/^[a-z][a-z0-9-]{1,30}$/);
    expect(v).not.toHaveProperty('optional');
  });

  it('references a given id from id properties, and fails loudly on a pattern it cannot meet', () => {
    const schema = { type: 'object', properties: { tag_ids: { type: 'array', items: { type: 'string' } }, owner_id: { type: 'string' } } };
    expect(sample(schema, { ...g, refId: 'X1' })).toEqual({ tag_ids: ['X1'], owner_id: 'X1' });
    expect(() => sample({ type: 'string', pattern: '^Q{3}$' }, g)).toThrow(/no value for pattern/);
  });

  it('gives a different valid phone number for each e164 string (numbers are unique across tenants)', () => {
    const phone = { type: 'string', format: 'e164', pattern: '^\\+[\\d\\s().\\-/]+$' };
    const values = new Set(Array.from({ length: 20 }, () => sample(phone, g)));
    expect(values.size).toBe(20);
    for (const v of values) expect(v).toMatch(/^\+4930[2-9]\d{7}$/);
  });
});

describeEachDb('tenant isolation: an account that belongs to two tenants', (ctx) => {
  it('tenant B manages only its own membership: it cannot change the profile tenant A sees', async () => {
    const { api, tokens, other, login } = ctx();
    const demoView = async (id: string) => (await api('GET', `/api/v1/users/${id}`, { token: tokens.tenant_admin })).body.data;
    const demoList = async () => canonical((await api('GET', '/api/v1/users?page_size=100', { token: tokens.tenant_admin })).body);
    const listBefore = await demoList();

    // Adding an address that has an account elsewhere gives that account a membership in tenant B.
    const added = await api('POST', '/api/v1/users', { token: other.token, body: { email: 'supervisor@demo.local', name: 'Sue from Beta', role: 'viewer' } });
    expect(added.status, added.text).toBe(201);
    const id = added.body.data.id as string;
    const before = await demoView(id);
    expect(before).toMatchObject({ email: 'supervisor@demo.local', role: 'supervisor', status: 'active' });

    // The profile is the account's, shared by both tenants: tenant B may not rewrite it.
    for (const body of [{ name: 'Renamed by beta' }, { phone: '+1 555 0199' }, { avatar_url: 'https://evil.example/a.png' }]) {
      const r = await api('PATCH', `/api/v1/users/${id}`, { token: other.token, body });
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    // Its own membership it may change: role and status there.
    const role = await api('PATCH', `/api/v1/users/${id}`, { token: other.token, body: { role: 'agent', status: 'disabled' } });
    expect(role.status, role.text).toBe(200);
    expect(role.body.data).toMatchObject({ role: 'agent', status: 'disabled' });
    expect((await api('POST', `/api/v1/users/${id}/reset-password`, { token: other.token })).status).toBe(202);
    expect((await api('DELETE', `/api/v1/users/${id}`, { token: other.token })).status).toBe(204);

    expect(await demoView(id)).toEqual(before);
    expect(await demoList()).toBe(listBefore);
    // And the user still works in tenant A.
    const s = await login('supervisor@demo.local', undefined, 'demo');
    expect((await api('GET', '/api/v1/contacts', { token: s.access_token })).status).toBe(200);
  });
});
