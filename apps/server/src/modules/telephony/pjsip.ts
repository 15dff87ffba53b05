/**
 * Writing and removing the PJSIP realtime rows Asterisk reads (`ps_endpoints`, `ps_auths`,
 * `ps_aors`, `ps_registrations`, `ps_endpoint_id_ips`) and reading the contacts Asterisk writes
 * (`ps_contacts`). Trunks and extensions build their rows from Switchboard's tables and hand them
 * here, inside the transaction that changes those tables.
 *
 * One PJSIP "object" is an endpoint and everything named after it: its aor (same id), its auths,
 * its identify rows and its outbound registration. It is always replaced whole (remove, then
 * write), so an update can never leave a row behind that the new configuration no longer has.
 * Every row written carries `tenant_id`, and removal only touches rows of the caller's tenant.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { ARA_ENUMS, ARA_TABLES } from './ara-tables.js';

export type AraValue = string | number | null;
export type AraRow = { id: string } & Record<string, AraValue>;

type AnyRow = Record<string, AraValue>;
type PjsipTables = {
  ps_endpoints: AnyRow;
  ps_auths: AnyRow;
  ps_aors: AnyRow;
  ps_registrations: AnyRow;
  ps_endpoint_id_ips: AnyRow;
  ps_contacts: AnyRow;
};
const pj = (db: Kysely<DB>) => db.withTables<PjsipTables>() as unknown as Kysely<PjsipTables>;

/** Names of the transports the Asterisk kit's pjsip.conf defines (the `transport` column refers to them). */
export const PJSIP_TRANSPORTS = { udp: 'transport-udp', tcp: 'transport-tcp', tls: 'transport-tls', wss: 'transport-wss' } as const;

/** The dialplan context of a tenant's phones (internal calls and calls out). */
export const internalContext = (slug: string) => `${slug}-internal`;
/** The dialplan context of calls arriving from a tenant's trunks. */
export const inboundContext = (slug: string) => `${slug}-inbound`;

/**
 * Columns that tie an endpoint to its tenant: Asterisk copies `tenantid` to every channel (ARI
 * `channel.tenantid`), `accountcode` lands in every CDR, and `set_var` sets `TENANT` and the CDR
 * variable `tenant_id` that cdr_adaptive_odbc writes into `cdr.tenant_id`.
 */
export function tenantColumns(slug: string) {
  return { tenantid: slug, accountcode: slug, set_var: `TENANT=${slug};CDR(tenant_id)=${slug}` };
}

/** An Asterisk boolean (`ast_bool_values`). */
export const yesNo = (b: boolean | number): 'yes' | 'no' => (b ? 'yes' : 'no');

/** `host` as it goes into a SIP URI (IPv6 literals in brackets). */
export function uriHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A SIP URI for a carrier, with the `transport` parameter TCP and TLS need for Asterisk to pick them. */
export function sipUri(host: string, port: number, transport: 'udp' | 'tcp' | 'tls', user?: string | null): string {
  return `sip:${user ? `${user}@` : ''}${uriHost(host)}:${port}${transport === 'udp' ? '' : `;transport=${transport}`}`;
}

// -------------------------------------------------------------------------------------------------
// Column checks: every value must be something Asterisk's column accepts.
// -------------------------------------------------------------------------------------------------

interface ColumnSpec {
  kind: 'varchar' | 'int' | 'float' | 'text' | 'enum';
  max?: number;
  values?: readonly string[];
  nullable: boolean;
}

const specCache = new Map<string, Map<string, ColumnSpec>>();
function columnsOf(table: string): Map<string, ColumnSpec> {
  let m = specCache.get(table);
  if (m) return m;
  const t = ARA_TABLES[table];
  if (!t) throw new Error(`not an Asterisk realtime table: ${table}`);
  m = new Map();
  for (const [name, mysql, postgres, nullable] of t.columns) {
    const varchar = /^varchar\((\d+)\)$/.exec(mysql);
    if (varchar) m.set(name, { kind: 'varchar', max: Number(varchar[1]), nullable });
    else if (/^(int|bigint|tinyint|smallint)/.test(mysql)) m.set(name, { kind: 'int', nullable });
    else if (/^(float|double|decimal)/.test(mysql)) m.set(name, { kind: 'float', nullable });
    else if (mysql.startsWith('enum(')) m.set(name, { kind: 'enum', values: ARA_ENUMS[postgres], nullable });
    else m.set(name, { kind: 'text', nullable });
  }
  specCache.set(table, m);
  return m;
}

/**
 * Refuse a row Asterisk could not read as written: an unknown column or an invalid enum member or
 * number is a programming error (500); a value too long for its column (it depends on the tenant's
 * slug and the names given) is a 409 naming the column.
 */
export function checkAraRow(table: keyof PjsipTables | string, row: AnyRow): void {
  const cols = columnsOf(table);
  for (const [name, value] of Object.entries(row)) {
    if (name === 'tenant_id') continue;
    const spec = cols.get(name);
    if (!spec) throw new Error(`${table} has no column ${name}`);
    if (value === null) {
      if (!spec.nullable) throw new Error(`${table}.${name} may not be null`);
      continue;
    }
    if (spec.kind === 'enum' && !spec.values?.includes(String(value))) throw new Error(`${table}.${name}: ${value} is not one of ${spec.values?.join(', ')}`);
    if (spec.kind === 'int' && !(typeof value === 'number' && Number.isInteger(value))) throw new Error(`${table}.${name}: ${value} is not an integer`);
    if (spec.kind === 'float' && typeof value !== 'number') throw new Error(`${table}.${name}: ${value} is not a number`);
    if (spec.kind === 'varchar' && String(value).length > (spec.max ?? 0))
      throw new AppError(
        409,
        'conflict',
        'Conflict',
        `Asterisk's ${table}.${name} holds at most ${spec.max} characters, and "${value}" has ${String(value).length}`,
        [{ field: `${table}.${name}`, message: `at most ${spec.max} characters` }],
      );
  }
}

// -------------------------------------------------------------------------------------------------
// Objects
// -------------------------------------------------------------------------------------------------

/** Every row of one PJSIP object, all named after `endpoint.id`. */
export interface PjsipObject {
  endpoint: AraRow;
  aor: AraRow;
  auths: AraRow[];
  identifies?: AraRow[];
  registration?: AraRow | null;
}

/** Insert the rows of an object (checked first; each gets `tenant_id`). */
export async function writePjsipObject(db: Kysely<DB>, tenantId: string, o: PjsipObject): Promise<void> {
  const plan: [keyof PjsipTables, AraRow][] = [
    ['ps_endpoints', o.endpoint],
    ['ps_aors', o.aor],
    ...o.auths.map((a): [keyof PjsipTables, AraRow] => ['ps_auths', a]),
    ...(o.identifies ?? []).map((r): [keyof PjsipTables, AraRow] => ['ps_endpoint_id_ips', r]),
    ...(o.registration ? [['ps_registrations', o.registration] as [keyof PjsipTables, AraRow]] : []),
  ];
  for (const [table, row] of plan) checkAraRow(table, row);
  const p = pj(db);
  for (const [table, row] of plan)
    await p
      .insertInto(table)
      .values({ ...row, tenant_id: tenantId })
      .execute();
}

const split = (v: AraValue | undefined) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/**
 * Remove every row of the object named `endpointId` in this tenant: endpoint, aor, the auths the
 * endpoint and its registration refer to (and the conventional ones), identify rows and
 * registrations. `contacts`: also the registrations Asterisk stored for it in `ps_contacts` (when the
 * endpoint goes away for good, they would only point at nothing).
 */
export async function removePjsipObject(db: Kysely<DB>, tenantId: string, endpointId: string, opts: { contacts: boolean }): Promise<void> {
  const p = pj(db);
  const endpoint = await p
    .selectFrom('ps_endpoints')
    .select(['aors', 'auth', 'outbound_auth'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  const registrations = await p
    .selectFrom('ps_registrations')
    .select(['id', 'outbound_auth'])
    .where('tenant_id', '=', tenantId)
    .where((e) => e.or([e('id', '=', endpointId), e('endpoint', '=', endpointId)]))
    .execute();
  const auths = new Set([
    endpointId,
    ...authIdsOf(endpointId),
    ...split(endpoint?.auth),
    ...split(endpoint?.outbound_auth),
    ...registrations.flatMap((r) => split(r.outbound_auth)),
  ]);
  const aors = new Set([endpointId, ...split(endpoint?.aors)]);
  await p.deleteFrom('ps_endpoints').where('tenant_id', '=', tenantId).where('id', '=', endpointId).execute();
  await p
    .deleteFrom('ps_aors')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...aors])
    .execute();
  await p
    .deleteFrom('ps_auths')
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...auths])
    .execute();
  await p.deleteFrom('ps_endpoint_id_ips').where('tenant_id', '=', tenantId).where('endpoint', '=', endpointId).execute();
  if (registrations.length)
    await p
      .deleteFrom('ps_registrations')
      .where('tenant_id', '=', tenantId)
      .where(
        'id',
        'in',
        registrations.map((r) => String(r.id)),
      )
      .execute();
  // Asterisk writes contacts without tenant_id; the endpoint id (ours, slug-prefixed) names them.
  if (opts.contacts) await p.deleteFrom('ps_contacts').where('endpoint', '=', endpointId).execute();
}

/** Conventional ids of the auths of an object (see outboundAuthId). */
function authIdsOf(endpointId: string): string[] {
  return [outboundAuthId(endpointId)];
}

/**
 * The id of the auth an endpoint presents to the far end (a trunk's carrier credentials). The `_`
 * cannot occur in a slug, so it never collides with another object's id.
 */
export const outboundAuthId = (endpointId: string) => `${endpointId}_oauth`;

/**
 * Replace an object: remove what `previousId` had (null: nothing yet), then write `o`. When the id
 * changes, the contacts of the old id go too (a phone must register under the new name).
 */
export async function replacePjsipObject(db: Kysely<DB>, tenantId: string, previousId: string | null, o: PjsipObject): Promise<void> {
  if (previousId) await removePjsipObject(db, tenantId, previousId, { contacts: previousId !== o.endpoint.id });
  await writePjsipObject(db, tenantId, o);
}

// -------------------------------------------------------------------------------------------------
// What Asterisk wrote
// -------------------------------------------------------------------------------------------------

/** A `ps_contacts` row as Switchboard shows it. */
export interface PjsipContact {
  uri: string;
  user_agent: string | null;
  via_address: string | null;
  via_port: number | null;
  /** Unix seconds. */
  expiration_time: number;
  expires_at: string;
  reg_server: string | null;
  expired: boolean;
}

const orNull = (v: AraValue | undefined) => (v === null || v === undefined || v === '' ? null : v);

/**
 * The contacts Asterisk holds for each endpoint (by `ps_contacts.endpoint`), newest expiry first,
 * expired ones marked. Only pass endpoint ids the caller's tenant owns: Asterisk writes contacts
 * without a tenant, so the endpoint id is what scopes them.
 */
export async function contactsOf(db: Kysely<DB>, endpointIds: string[], at = Date.now()): Promise<Map<string, PjsipContact[]>> {
  const out = new Map<string, PjsipContact[]>(endpointIds.map((id) => [id, []]));
  if (!endpointIds.length) return out;
  const rows = await pj(db)
    .selectFrom('ps_contacts')
    .select(['endpoint', 'uri', 'user_agent', 'via_addr', 'via_port', 'expiration_time', 'reg_server'])
    .where('endpoint', 'in', endpointIds)
    .execute();
  const nowSec = Math.floor(at / 1000);
  for (const r of rows) {
    const exp = Number(r.expiration_time ?? 0);
    const via = orNull(r.via_port);
    out.get(String(r.endpoint))?.push({
      uri: String(r.uri ?? ''),
      user_agent: orNull(r.user_agent) as string | null,
      via_address: orNull(r.via_addr) as string | null,
      via_port: via === null ? null : Number(via),
      expiration_time: exp,
      expires_at: new Date(exp * 1000).toISOString(),
      reg_server: orNull(r.reg_server) as string | null,
      expired: exp <= nowSec,
    });
  }
  for (const list of out.values()) list.sort((a, b) => b.expiration_time - a.expiration_time || a.uri.localeCompare(b.uri));
  return out;
}

/** Which of these ids have a `ps_registrations` row of the tenant. */
export async function registrationsPresent(db: Kysely<DB>, tenantId: string, endpointIds: string[]): Promise<Set<string>> {
  if (!endpointIds.length) return new Set();
  const rows = await pj(db).selectFrom('ps_registrations').select('id').where('tenant_id', '=', tenantId).where('id', 'in', endpointIds).execute();
  return new Set(rows.map((r) => String(r.id)));
}
