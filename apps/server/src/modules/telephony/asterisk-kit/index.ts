/**
 * The Asterisk connection kit: the configuration files under which an Asterisk node reads
 * Switchboard's realtime tables over ODBC (MariaDB/MySQL or PostgreSQL), sends every call into
 * the Stasis application `switchboard` and exposes ARI on its loopback. Templates live in
 * `deploy/asterisk/`; `npm run asterisk:config -- --out DIR` renders them from the app's
 * configuration (see the README, "Connect Asterisk").
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { Config } from '../../../config.js';
import type { Database } from '../../../db/index.js';
import { parseConf } from './conf.js';
import { renderTemplate, type TemplateView } from './template.js';

/** The Stasis application every call enters (ARI). */
export const STASIS_APP = 'switchboard';
/** Transport sections of the kit's pjsip.conf, by protocol (`ps_endpoints.transport` names them). */
export const KIT_TRANSPORTS = { udp: 'transport-udp', tcp: 'transport-tcp', tls: 'transport-tls', wss: 'transport-wss' } as const;
/** The res_odbc connection (class) every realtime family, the CDR and the queue log use. */
export const ODBC_CLASS = 'asterisk';
/** The unixODBC data source name (odbc.ini section). */
export const ODBC_DSN = 'switchboard';
/**
 * The dialplan pattern of the tenant contexts: any dialled string starting with a digit, `*`, `#`,
 * `+` or a letter (`_X.` would match digits only, and only two or more of them).
 */
export const DIAL_PATTERN = '_[0-9a-zA-Z*#+]!';
/** Where the templates are. */
export const TEMPLATE_DIR = resolve(import.meta.dirname, '../../../../../../deploy/asterisk');

/** The dialplan contexts Switchboard writes into `ps_endpoints.context` for a tenant. */
export function tenantContexts(slug: string): { internal: string; inbound: string } {
  return { internal: `${slug}-internal`, inbound: `${slug}-inbound` };
}

/** Every file of the kit, with where it goes on the Asterisk host. */
export const KIT_FILES = {
  'asterisk.conf': '/etc/asterisk/asterisk.conf',
  'modules.conf': '/etc/asterisk/modules.conf',
  'logger.conf': '/etc/asterisk/logger.conf',
  'extconfig.conf': '/etc/asterisk/extconfig.conf',
  'sorcery.conf': '/etc/asterisk/sorcery.conf',
  'res_odbc.conf': '/etc/asterisk/res_odbc.conf',
  'pjsip.conf': '/etc/asterisk/pjsip.conf',
  'http.conf': '/etc/asterisk/http.conf',
  'ari.conf': '/etc/asterisk/ari.conf',
  'queues.conf': '/etc/asterisk/queues.conf',
  'cdr.conf': '/etc/asterisk/cdr.conf',
  'cdr_adaptive_odbc.conf': '/etc/asterisk/cdr_adaptive_odbc.conf',
  'extensions.conf': '/etc/asterisk/extensions.conf',
  'extensions_tenants.conf': '/etc/asterisk/extensions_tenants.conf',
  'odbc.ini': '/etc/odbc.ini',
  'odbcinst.ini': '/etc/odbcinst.ini',
} as const;
export type KitFile = keyof typeof KIT_FILES;

/** Files holding a password: write them readable by their owner only. */
export const SECRET_FILES: readonly KitFile[] = ['res_odbc.conf', 'ari.conf'];

/** Bad input for the kit (the message says what to change; it never contains a password). */
export class AsteriskKitError extends Error {}

/** The configuration the kit is rendered from. */
export type KitConfig = Pick<Config, 'databaseUrl' | 'asteriskAriUrl' | 'asteriskAriUser' | 'asteriskAriPassword' | 'asteriskSystemname'>;

export interface AsteriskKitOptions {
  /** Tenant slugs: each gets its `<slug>-internal` and `<slug>-inbound` contexts. */
  tenants: readonly string[];
  /** This node's `systemname` (default: ASTERISK_SYSTEMNAME). */
  systemname?: string;
  /** Seconds endpoints and aors stay in a sorcery memory cache; 0 (default) = no cache. */
  cacheSeconds?: number;
  /** Public address of the node when it is behind NAT (external_media/signaling_address). */
  externalAddress?: string;
  /** Networks reached without NAT (local_net); default the private ranges when externalAddress is set. */
  localNets?: readonly string[];
  /** Template folder (default `deploy/asterisk/`). */
  templateDir?: string;
}

/** The database as Asterisk's ODBC driver needs it, from DATABASE_URL. */
export interface OdbcTarget {
  dialect: 'mysql' | 'postgres';
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** PostgreSQL `sslmode` from the URL, if any. */
  sslmode: string | null;
}

const SLUG = /^[a-z][a-z0-9-]{1,30}$/;
const SYSTEMNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const PG_SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
const PRIVATE_NETS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8'];

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** A value written into an Asterisk configuration file: one line, no surrounding blanks, `;` escaped. */
export function confValue(value: string, what: string): string {
  if (/[\r\n\0]/.test(value)) throw new AsteriskKitError(`${what} must be a single line`);
  if (value !== value.trim()) throw new AsteriskKitError(`${what} must not start or end with a blank`);
  return value.replaceAll(';', '\\;');
}

/**
 * Read DATABASE_URL for ODBC. SQLite is refused: Asterisk's realtime drivers cannot read it.
 * Error messages never repeat the URL (it holds the password).
 */
export function odbcTarget(databaseUrl: string): OdbcTarget {
  if (databaseUrl.startsWith('sqlite:')) {
    throw new AsteriskKitError(
      'DATABASE_URL is SQLite, which Asterisk cannot read: Asterisk needs MariaDB/MySQL or PostgreSQL. ' +
        'Set DATABASE_URL to mysql://user:pass@host:3306/db or postgres://user:pass@host:5432/db, run `npm run db:migrate`, then render the kit again.',
    );
  }
  const dialect = /^(mysql|mariadb):\/\//.test(databaseUrl) ? 'mysql' : /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : null;
  if (!dialect) throw new AsteriskKitError('DATABASE_URL must start with mysql://, mariadb://, postgres:// or postgresql:// for Asterisk');
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new AsteriskKitError('DATABASE_URL is not a valid URL');
  }
  const decode = (s: string, what: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new AsteriskKitError(`DATABASE_URL: the ${what} is not valid percent-encoding`);
    }
  };
  const user = decode(url.username, 'user name');
  const password = decode(url.password, 'password');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const database = decode(url.pathname.replace(/^\//, ''), 'database name');
  if (!user) throw new AsteriskKitError('DATABASE_URL has no user name: Asterisk connects with the user and password of the URL');
  if (!host || (!HOST.test(host) && !isIP(host))) throw new AsteriskKitError('DATABASE_URL: the host must be a host name or an IP address');
  if (!database) throw new AsteriskKitError('DATABASE_URL names no database (…/dbname): Asterisk must read the database Switchboard migrated');
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) throw new AsteriskKitError('DATABASE_URL: the database name may only hold letters, digits, _, $ and -');
  let sslmode: string | null = null;
  if (dialect === 'postgres') {
    sslmode = url.searchParams.get('sslmode');
    if (sslmode !== null && !PG_SSLMODES.includes(sslmode)) throw new AsteriskKitError(`DATABASE_URL: sslmode must be one of ${PG_SSLMODES.join(', ')}`);
  }
  return {
    dialect,
    host,
    port: url.port ? Number(url.port) : dialect === 'mysql' ? 3306 : 5432,
    database,
    user: confValue(user, 'The database user name'),
    password: confValue(password, 'The database password'),
    sslmode,
  };
}

function validate(config: KitConfig, opts: AsteriskKitOptions) {
  const systemname = opts.systemname ?? config.asteriskSystemname;
  if (!SYSTEMNAME.test(systemname))
    throw new AsteriskKitError(`systemname "${systemname}": letters, digits, dot, dash and underscore, at most 32, starting with a letter or digit`);
  for (const slug of opts.tenants)
    if (!SLUG.test(slug)) throw new AsteriskKitError(`tenant "${slug}" is not a tenant slug (lower-case letters, digits and dashes, starting with a letter)`);
  const cacheSeconds = opts.cacheSeconds ?? 0;
  if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0 || cacheSeconds > 3600)
    throw new AsteriskKitError('cache seconds must be a whole number from 0 (no cache) to 3600');
  if (opts.externalAddress !== undefined && !HOST.test(opts.externalAddress) && !isIP(opts.externalAddress))
    throw new AsteriskKitError('the external address must be an IP address or a host name');
  for (const net of opts.localNets ?? []) {
    const [addr, bits, extra] = net.split('/');
    const family = isIP(addr ?? '');
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(bits ?? '') || Number(bits) > (family === 4 ? 32 : 128))
      throw new AsteriskKitError(`local network "${net}" must be an address/prefix such as 192.168.0.0/16`);
  }
  if (!config.asteriskAriPassword)
    throw new AsteriskKitError('ASTERISK_ARI_PASSWORD is not set: ari.conf needs the password Switchboard will connect to ARI with (12 characters or more)');
  let ari: URL;
  try {
    ari = new URL(config.asteriskAriUrl);
  } catch {
    throw new AsteriskKitError('ASTERISK_ARI_URL is not a valid URL');
  }
  return { systemname, cacheSeconds, ari };
}

/**
 * Render the kit: file name → content. Throws AsteriskKitError on bad input (SQLite, a missing
 * ARI password, a bad tenant slug, …). Every file is checked to parse as a configuration file.
 */
export function renderAsteriskKit(config: KitConfig, opts: AsteriskKitOptions): Record<KitFile, string> {
  const db = odbcTarget(config.databaseUrl);
  const { systemname, cacheSeconds, ari } = validate(config, opts);
  const tenants = [...new Set(opts.tenants)].sort();
  const external = opts.externalAddress ?? null;
  const localNets = opts.localNets ?? (external ? PRIVATE_NETS : []);
  const view: TemplateView = {
    systemname,
    stasis_app: STASIS_APP,
    odbc_class: ODBC_CLASS,
    odbc_dsn: ODBC_DSN,
    odbc_driver: db.dialect === 'mysql' ? 'MariaDB' : 'PostgreSQL',
    odbc_max_connections: 20,
    mysql: db.dialect === 'mysql',
    postgres: db.dialect === 'postgres',
    // MariaDB's client library takes "localhost" for its Unix socket; the app connects over TCP.
    db_host: db.dialect === 'mysql' && db.host === 'localhost' ? '127.0.0.1' : db.host,
    db_port: db.port,
    db_name: db.database,
    db_user: db.user,
    db_password: db.password,
    db_sslmode: db.sslmode,
    cache: cacheSeconds > 0,
    cache_seconds: cacheSeconds,
    sip_bind: '0.0.0.0',
    sip_port: 5060,
    sip_tls_port: 5061,
    tls_cert_file: '/etc/asterisk/keys/switchboard.crt',
    tls_key_file: '/etc/asterisk/keys/switchboard.key',
    external: external !== null,
    external_address: external ?? '',
    local_nets: localNets.map((net) => ({ net })),
    http_bind: '127.0.0.1',
    http_port: Number(ari.port || (ari.protocol === 'https:' ? 443 : 80)),
    ari_user: config.asteriskAriUser,
    ari_password: confValue(config.asteriskAriPassword!, 'ASTERISK_ARI_PASSWORD'),
    dial_pattern: DIAL_PATTERN,
    tenant_count: tenants.length === 1 ? '1 tenant' : `${tenants.length} tenants`,
    tenants: tenants.map((slug) => ({ slug, internal_context: tenantContexts(slug).internal, inbound_context: tenantContexts(slug).inbound })),
  };
  const dir = opts.templateDir ?? TEMPLATE_DIR;
  const source = (file: KitFile) => {
    const name = file === 'odbc.ini' ? `odbc.${db.dialect}.ini` : file === 'odbcinst.ini' ? `odbcinst.${db.dialect}.ini` : file;
    try {
      return readFileSync(resolve(dir, name), 'utf8');
    } catch {
      throw new AsteriskKitError(`template ${name} not found in ${dir}`);
    }
  };
  const out = {} as Record<KitFile, string>;
  for (const file of Object.keys(KIT_FILES) as KitFile[]) {
    out[file] = renderTemplate(file, source(file), view);
    parseConf(out[file], file);
  }
  return out;
}

/** Things worth telling whoever renders the kit (no secrets). */
export function asteriskKitNotes(config: KitConfig, opts: AsteriskKitOptions): string[] {
  const notes: string[] = [];
  const db = odbcTarget(config.databaseUrl);
  if (db.dialect === 'mysql' && db.host === 'localhost')
    notes.push(
      'DATABASE_URL host "localhost" is written as 127.0.0.1 in odbc.ini (TCP, like the app; "localhost" would make the MariaDB driver use a Unix socket).',
    );
  if (isLoopback(db.host)) notes.push(`The database host is ${db.host}: Asterisk must run on the database host, or edit Server/Servername in odbc.ini.`);
  if (!db.password) notes.push('The database user has no password.');
  if (db.dialect === 'mysql' && [...new URL(config.databaseUrl).searchParams.keys()].length)
    notes.push(
      "DATABASE_URL has options (e.g. ssl) that odbc.ini does not carry: set the MariaDB driver's TLS options (SSLVERIFY, SSLCA, …) in odbc.ini by hand.",
    );
  try {
    const ari = new URL(config.asteriskAriUrl);
    const host = ari.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!isLoopback(host))
      notes.push(
        `ASTERISK_ARI_URL points at ${host}, but the kit binds ARI to 127.0.0.1 only: run Switchboard on the Asterisk host (or reach it through an SSH tunnel).`,
      );
    if (ari.protocol === 'https:')
      notes.push('ASTERISK_ARI_URL is https://, but the kit serves ARI over plain HTTP on the loopback: use http://127.0.0.1:<port>.');
    if (!['', '/', '/ari', '/ari/'].includes(ari.pathname))
      notes.push(`ASTERISK_ARI_URL has the path ${ari.pathname}; the kit serves ARI at /ari with no prefix.`);
  } catch {
    // validate() reports a bad URL.
  }
  if (opts.tenants.length === 0)
    notes.push('No tenants yet: extensions_tenants.conf has no contexts. Render it again after creating tenants, then `dialplan reload`.');
  return notes;
}

/** Tenant slugs that exist (soft-deleted tenants get no contexts), sorted. */
export async function listTenantSlugs(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('tenants').select('id').where('deleted_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}
