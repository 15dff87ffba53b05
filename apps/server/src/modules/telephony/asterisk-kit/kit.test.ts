/**
 * The Asterisk connection kit: rendered for MariaDB and PostgreSQL, read back with a conf parser
 * and checked against the configuration a real Asterisk 22.11 ran under
 * (../shared/asterisk/verified-config/), against our migrations' tables, against the context
 * names Switchboard writes, and through the `asterisk:config` CLI.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../../db/index.js';
import { createDb } from '../../../db/index.js';
import { migrateToLatest } from '../../../db/migrate.js';
import { seedDemo } from '../../../seed.js';
import { dialects, freshDatabase, REACHABLE } from '../../../test/harness.js';
import { ARA_TABLES } from '../ara-tables.js';
import { type Conf, ConfParseError, parseConf } from './conf.js';
import {
  AsteriskKitError,
  DIAL_PATTERN,
  KIT_FILES,
  type KitConfig,
  type KitFile,
  ODBC_CLASS,
  odbcTarget,
  renderAsteriskKit,
  SECRET_FILES,
  STASIS_APP,
  TEMPLATE_DIR,
  tenantContexts,
} from './index.js';
import { renderTemplate, TemplateError } from './template.js';

const REPO = resolve(import.meta.dirname, '../../../../../..');
const VERIFIED = resolve(REPO, '../shared/asterisk/verified-config');
const TRACES = resolve(REPO, '../shared/asterisk/traces');
const verifiedPresent = existsSync(VERIFIED);
if (!verifiedPresent)
  console.warn(`skipping the comparison with the verified Asterisk configuration: ${VERIFIED} is absent (it ships in the workplace's shared/ folder)`);

const DB_PASSWORD = 's3cr;t@pw';
const ARI_PASSWORD = 'ari-Pa55word;long';
const MYSQL_URL = `mysql://sbuser:${encodeURIComponent(DB_PASSWORD)}@db.internal:3307/switchboard`;
const PG_URL = `postgres://sbuser:${encodeURIComponent(DB_PASSWORD)}@pg.internal:5433/sbdb?sslmode=verify-full`;

function kitConfig(databaseUrl: string, over: Partial<KitConfig> = {}): KitConfig {
  return {
    databaseUrl,
    asteriskAriUrl: 'http://127.0.0.1:8088',
    asteriskAriUser: 'switchboard',
    asteriskAriPassword: ARI_PASSWORD,
    asteriskSystemname: 'sb-node-1',
    ...over,
  };
}

type Parsed = Record<KitFile, Conf>;
function render(url: string, opts: Parameters<typeof renderAsteriskKit>[1] = { tenants: ['acme', 'beta'] }, over: Partial<KitConfig> = {}) {
  const files = renderAsteriskKit(kitConfig(url, over), opts);
  const parsed = Object.fromEntries(Object.entries(files).map(([f, c]) => [f, parseConf(c, f)])) as Parsed;
  return { files, parsed };
}

const readVerified = (file: string) => parseConf(readFileSync(join(VERIFIED, file), 'utf8'), `verified/${file}`);

/** `driver,connection[,table]` of an extconfig family (the table defaults to the family name). */
function families(conf: Conf): Map<string, { driver: string; connection: string; table: string }> {
  const map = new Map<string, { driver: string; connection: string; table: string }>();
  for (const e of conf.all('settings').flatMap((s) => s.entries)) {
    const [driver, connection, table] = e.value.split(',').map((s) => s.trim());
    map.set(e.key, { driver, connection, table: table || e.key });
  }
  return map;
}

/** Sorcery mappings `section/object → wizard,data` without caches. */
function sorceryMappings(conf: Conf): Map<string, string> {
  const map = new Map<string, string>();
  for (const s of conf.sections) for (const e of s.entries) if (!e.key.includes('/')) map.set(`${s.name}/${e.key}`, e.value.replace(/\s/g, ''));
  return map;
}

// ---------------------------------------------------------------------------------------------
// A small model of Asterisk's dialplan: contexts, includes, extensions and pattern matching.

interface Priority {
  label: string | null;
  app: string;
}
type Dialplan = Map<string, { includes: string[]; extens: Map<string, Priority[]> }>;

function dialplan(...confs: Conf[]): Dialplan {
  const plan: Dialplan = new Map();
  for (const conf of confs) {
    for (const section of conf.sections) {
      if (section.name === 'general' || section.name === 'globals') continue;
      const ctx: { includes: string[]; extens: Map<string, Priority[]> } = plan.get(section.name) ?? { includes: [], extens: new Map() };
      plan.set(section.name, ctx);
      let current: Priority[] | null = null;
      for (const e of section.entries) {
        if (e.key === 'include') ctx.includes.push(e.value);
        else if (e.key === 'exten') {
          const [name, prio, ...rest] = e.value.split(',');
          const prios: Priority[] = ctx.extens.get(name) ?? [];
          ctx.extens.set(name, prios);
          current = prios;
          prios.push({ label: /\((\w+)\)/.exec(prio)?.[1] ?? null, app: rest.join(',') });
        } else if (e.key === 'same') {
          if (!current) throw new Error(`"same" before any "exten" in [${section.name}]`);
          const [prio, ...rest] = e.value.split(',');
          current.push({ label: /\((\w+)\)/.exec(prio)?.[1] ?? null, app: rest.join(',') });
        } else throw new Error(`unexpected ${e.key} in [${section.name}]`);
      }
    }
  }
  return plan;
}

/** Asterisk's extension pattern syntax as a regular expression. */
function patternRegex(pattern: string): RegExp {
  if (!pattern.startsWith('_')) return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  let re = '^';
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === 'X') re += '[0-9]';
    else if (c === 'Z') re += '[1-9]';
    else if (c === 'N') re += '[2-9]';
    else if (c === '.') re += '.+';
    else if (c === '!') re += '.*';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      re += `[${pattern.slice(i + 1, end).replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${re}$`);
}

/** The extension a dialled string reaches in a context: exact matches beat patterns, own before included. */
function reach(plan: Dialplan, context: string, exten: string, seen = new Set<string>()): { context: string; name: string; prios: Priority[] } | null {
  const ctx = plan.get(context);
  if (!ctx || seen.has(context)) return null;
  seen.add(context);
  const own = ctx.extens.get(exten);
  if (own && !exten.startsWith('_')) return { context, name: exten, prios: own };
  for (const [name, prios] of ctx.extens) if (name.startsWith('_') && patternRegex(name).test(exten)) return { context, name, prios };
  for (const inc of ctx.includes) {
    const found = reach(plan, inc, exten, seen);
    if (found) return found;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

describe('Asterisk kit: templates and parser', () => {
  it('renders values and sections, drops standalone tag lines, and refuses unknown names', () => {
    const t = 'a={{a}}\n{{#on}}\nb={{b}}\n{{/on}}\n{{^on}}\nc=off\n{{/on}}\n{{#items}}\nx={{v}}\n{{/items}}\n';
    expect(renderTemplate('t', t, { a: 1, on: true, b: 'B', items: [{ v: 'p' }, { v: 'q' }] })).toBe('a=1\nb=B\nx=p\nx=q\n');
    expect(renderTemplate('t', t, { a: 1, on: false, b: 'B', items: [] })).toBe('a=1\nc=off\n');
    expect(() => renderTemplate('t', '{{nope}}', {})).toThrow(TemplateError);
    expect(() => renderTemplate('t', '{{#a}}x', { a: true })).toThrow(/never closed/);
    expect(() => renderTemplate('t', '{{#a}}x{{/b}}', { a: true })).toThrow(/closes/);
  });

  it('parses sections, both assignment forms, escaped semicolons and includes; refuses garbage', () => {
    const c = parseConf('; c\n#include "x.conf"\n[s](!)\na = 1 ; comment\nb => two\\;three\n[s]\na=3\n');
    expect(c.includes).toEqual(['x.conf']);
    expect(c.all('s')).toHaveLength(2);
    expect(c.all('s')[0].options).toBe('!');
    expect(c.values('s', 'a')).toEqual(['1', '3']);
    expect(c.value('s', 'b')).toBe('two;three');
    expect(() => parseConf('[s]\njust words\n')).toThrow(ConfParseError);
    expect(() => parseConf('a=1\n')).toThrow(/outside any/);
  });

  it('every template file is used by the kit (nothing stale in deploy/asterisk)', () => {
    const used = new Set(
      Object.keys(KIT_FILES).flatMap((f) =>
        f === 'odbc.ini' || f === 'odbcinst.ini' ? [f.replace('.ini', '.mysql.ini'), f.replace('.ini', '.postgres.ini')] : [f],
      ),
    );
    const present = readdirSync(TEMPLATE_DIR).filter((f) => f !== 'README.md');
    expect(present.sort()).toEqual([...used].sort());
  });
});

describe.each([
  ['MariaDB', MYSQL_URL, 'mysql'],
  ['PostgreSQL', PG_URL, 'postgres'],
] as const)('Asterisk kit rendered for %s', (_name, url, dialect) => {
  const { files, parsed } = render(url);

  it('writes every file of the kit, each a valid configuration file with no template left', () => {
    expect(Object.keys(files).sort()).toEqual(Object.keys(KIT_FILES).sort());
    for (const [file, content] of Object.entries(files)) {
      expect(content, file).not.toMatch(/\{\{|\}\}/);
      expect(parsed[file as KitFile].sections.length, file).toBeGreaterThan(0);
    }
  });

  it('derives the ODBC connection, DSN and credentials from DATABASE_URL', () => {
    const res = parsed['res_odbc.conf'];
    expect(res.value(ODBC_CLASS, 'enabled')).toBe('yes');
    expect(res.value(ODBC_CLASS, 'username')).toBe('sbuser');
    expect(res.value(ODBC_CLASS, 'password')).toBe(DB_PASSWORD); // `;` escaped in the file, read back intact
    expect(res.value(ODBC_CLASS, 'pre-connect')).toBe('yes');
    expect(Number(res.value(ODBC_CLASS, 'max_connections'))).toBeGreaterThan(1);
    // PostgreSQL takes backslashes literally; MariaDB needs them doubled (cdr_adaptive_odbc inlines values).
    expect(res.value(ODBC_CLASS, 'backslash_is_escape')).toBe(dialect === 'postgres' ? 'no' : 'yes');
    const dsn = res.value(ODBC_CLASS, 'dsn')!;
    const odbc = parsed['odbc.ini'];
    expect(odbc.sections.map((s) => s.name)).toEqual([dsn]);
    if (dialect === 'mysql') {
      expect(odbc.value(dsn, 'Server')).toBe('db.internal');
      expect(odbc.value(dsn, 'Port')).toBe('3307');
      expect(odbc.value(dsn, 'Database')).toBe('switchboard');
      expect(odbc.value(dsn, 'Option')).toBe('3');
    } else {
      expect(odbc.value(dsn, 'Servername')).toBe('pg.internal');
      expect(odbc.value(dsn, 'Port')).toBe('5433');
      expect(odbc.value(dsn, 'Database')).toBe('sbdb');
      expect(odbc.value(dsn, 'SSLmode')).toBe('verify-full');
    }
    // The driver named by the DSN is defined in odbcinst.ini, with the library of the dialect.
    const driver = odbc.value(dsn, 'Driver')!;
    expect(parsed['odbcinst.ini'].value(driver, 'Driver')).toBe(dialect === 'mysql' ? 'libmaodbc.so' : 'psqlodbcw.so');
    // Credentials live in res_odbc.conf only: none in odbc.ini.
    for (const key of ['User', 'UID', 'Username', 'UserName', 'Password', 'PWD']) expect(odbc.value(dsn, key), key).toBeUndefined();
  });

  it('puts each password in exactly one file, and those files are the secret ones', () => {
    const holders = (secret: string) =>
      Object.entries(files)
        .filter(([, c]) => c.includes(secret.replaceAll(';', '\\;')) || c.includes(secret))
        .map(([f]) => f);
    expect(holders(DB_PASSWORD)).toEqual(['res_odbc.conf']);
    expect(holders(ARI_PASSWORD)).toEqual(['ari.conf']);
    expect([...SECRET_FILES].sort()).toEqual(['ari.conf', 'res_odbc.conf']);
  });

  it('maps every PJSIP object, the queues, voicemail and the queue log to our tables', () => {
    const fam = families(parsed['extconfig.conf']);
    const expected = [
      'ps_endpoints',
      'ps_auths',
      'ps_aors',
      'ps_domain_aliases',
      'ps_contacts',
      'ps_endpoint_id_ips',
      'ps_registrations',
      'queues',
      'queue_members',
      'queue_rules',
      'voicemail',
      'queue_log',
    ];
    expect([...fam.keys()].sort()).toEqual([...expected].sort());
    for (const [family, m] of fam) {
      expect(m.driver, family).toBe('odbc');
      expect(parsed['res_odbc.conf'].has(m.connection), `${family} uses a res_odbc connection`).toBe(true);
      // Every table Asterisk is pointed at is one our migrations create.
      expect(Object.keys(ARA_TABLES), `${family} → ${m.table}`).toContain(m.table);
    }
    // Sorcery: the seven PJSIP objects on realtime, each through an extconfig family.
    const sorcery = sorceryMappings(parsed['sorcery.conf']);
    expect(Object.fromEntries(sorcery)).toEqual({
      'res_pjsip/endpoint': 'realtime,ps_endpoints',
      'res_pjsip/auth': 'realtime,ps_auths',
      'res_pjsip/aor': 'realtime,ps_aors',
      'res_pjsip/domain_alias': 'realtime,ps_domain_aliases',
      'res_pjsip/contact': 'realtime,ps_contacts',
      'res_pjsip_endpoint_identifier_ip/identify': 'realtime,ps_endpoint_id_ips',
      'res_pjsip_outbound_registration/registration': 'realtime,ps_registrations',
    });
    for (const v of sorcery.values()) expect(fam.has(v.split(',')[1])).toBe(true);
    // No cache by default: every change Switchboard writes is seen at once.
    expect(files['sorcery.conf']).not.toMatch(/^[^;\n]*\/cache/m);
    // CDRs go to `cdr` over the same connection, in UTC; PostgreSQL needs quoted identifiers (`end`).
    const cdr = parsed['cdr_adaptive_odbc.conf'];
    expect(cdr.sections).toHaveLength(1);
    const section = cdr.sections[0].name;
    expect(cdr.value(section, 'connection')).toBe(ODBC_CLASS);
    expect(cdr.value(section, 'table')).toBe('cdr');
    expect(cdr.value(section, 'usegmtime')).toBe('yes');
    expect(cdr.value(section, 'quoted_identifiers')).toBe(dialect === 'postgres' ? '"' : undefined);
    expect(ARA_TABLES.cdr).toBeDefined();
    expect(parsed['cdr.conf'].value('general', 'enable')).toBe('yes');
    expect(parsed['logger.conf'].value('general', 'queue_log_realtime_use_gmt')).toBe('yes');
  });

  it('binds ARI to the loopback only, with the configured user and password', () => {
    const http = parsed['http.conf'];
    expect(http.value('general', 'enabled')).toBe('yes');
    expect(http.value('general', 'bindaddr')).toBe('127.0.0.1');
    expect(http.value('general', 'bindport')).toBe('8088');
    // No TLS listener (it would listen on its own address and publish ARI with it).
    expect(http.value('general', 'tlsenable')).toBe('no');
    expect(http.value('general', 'tlsbindaddr')).toBeUndefined();
    const ari = parsed['ari.conf'];
    expect(ari.value('general', 'enabled')).toBe('yes');
    const users = ari.sections.filter((s) => s.entries.some((e) => e.key === 'type' && e.value === 'user'));
    expect(users.map((u) => u.name)).toEqual(['switchboard']);
    expect(ari.value('switchboard', 'password')).toBe(ARI_PASSWORD);
    expect(ari.value('switchboard', 'password_format')).toBe('plain');
    expect(ari.value('switchboard', 'read_only')).toBe('no');
  });

  it('pjsip.conf holds globals and the udp, tcp, tls and wss transports only', () => {
    const pjsip = parsed['pjsip.conf'];
    const types = pjsip.sections.map((s) => [s.name, pjsip.value(s.name, 'type')]);
    expect(types).toEqual([
      ['global', 'global'],
      ['transport-udp', 'transport'],
      ['transport-tcp', 'transport'],
      ['transport-tls', 'transport'],
      ['transport-wss', 'transport'],
    ]);
    expect(['udp', 'tcp', 'tls', 'wss'].map((p) => pjsip.value(`transport-${p}`, 'protocol'))).toEqual(['udp', 'tcp', 'tls', 'wss']);
    expect(pjsip.value('transport-udp', 'external_media_address')).toBeUndefined();
  });

  it('gives each tenant the contexts Switchboard writes, and sends every dialled string into Stasis(switchboard)', () => {
    const tenantsConf = parsed['extensions_tenants.conf'];
    expect(tenantsConf.sections.map((s) => s.name).sort()).toEqual(['acme-inbound', 'acme-internal', 'beta-inbound', 'beta-internal']);
    expect(tenantContexts('acme')).toEqual({ internal: 'acme-internal', inbound: 'acme-inbound' });
    expect(parsed['extensions.conf'].includes).toEqual(['extensions_tenants.conf']);
    const plan = dialplan(parsed['extensions.conf'], tenantsConf);
    // The pitfall the verified run showed: `_X.` matches digits only (and two or more of them).
    expect(['sales', '7', '*97', '+15551234567'].filter((x) => patternRegex('_X.').test(x))).toEqual([]);
    expect(patternRegex(DIAL_PATTERN).test('sales')).toBe(true);
    for (const slug of ['acme', 'beta']) {
      for (const [context, role] of [
        [tenantContexts(slug).internal, 'internal'],
        [tenantContexts(slug).inbound, 'inbound'],
      ]) {
        for (const dialled of ['1001', '7', '0', '*97', '#', '+15551234567', '0044207946000', 'sales', 's', 'John.Doe']) {
          const found = reach(plan, context, dialled);
          expect(found, `${context}/${dialled}`).not.toBeNull();
          const stasis = found!.prios.find((p) => /^Stasis\(/.test(p.app));
          expect(stasis?.app, `${context}/${dialled}`).toBe(`Stasis(${STASIS_APP},${role})`);
          // When the app is not connected, Stasis() fails and the call gets the announcement.
          const fallback = found!.prios.find((p) => p.app.includes('STASISSTATUS'));
          const target = /\?([\w-]+),(\w+),(\d+)\)$/.exec(fallback!.app);
          expect(fallback!.app).toMatch(/"\$\{STASISSTATUS\}" = "FAILED"/);
          const unavailable = reach(plan, target![1], target![2])!;
          expect(unavailable.prios.some((p) => /^Playback\(/.test(p.app))).toBe(true);
          expect(unavailable.prios.at(-1)!.app).toMatch(/^Hangup\(\d+\)$/);
        }
        // Asterisk's own hangup extension never re-enters the app.
        const h = reach(plan, context, 'h')!;
        expect(h.name).toBe('h');
        expect(h.prios.some((p) => p.app.startsWith('Stasis'))).toBe(false);
      }
    }
    // Nothing reaches another tenant's context, and every Stasis() names the one application.
    for (const [name, ctx] of plan) {
      for (const inc of ctx.includes) expect(inc.startsWith('sb-'), `${name} includes ${inc}`).toBe(true);
      for (const prios of ctx.extens.values()) for (const p of prios) if (/^Stasis\(/.test(p.app)) expect(p.app.split(/[(,)]/)[1]).toBe(STASIS_APP);
    }
  });

  it('names the node by systemname and requires what the kit depends on', () => {
    expect(parsed['asterisk.conf'].value('options', 'systemname')).toBe('sb-node-1');
    const modules = parsed['modules.conf'];
    expect(modules.value('modules', 'autoload')).toBe('yes');
    for (const m of [
      'res_odbc.so',
      'res_config_odbc.so',
      'res_sorcery_realtime.so',
      'res_pjsip.so',
      'res_ari.so',
      'app_stasis.so',
      'app_queue.so',
      'cdr_adaptive_odbc.so',
    ])
      expect(modules.values('modules', 'require')).toContain(m);
    const noload = modules.values('modules', 'noload');
    for (const m of modules.values('modules', 'require')) expect(noload).not.toContain(m);
    const queues = parsed['queues.conf'];
    expect(queues.sections.map((s) => s.name)).toEqual(['general']);
    expect(queues.value('general', 'realtime_rules')).toBe('yes');
  });
});

describe.skipIf(!verifiedPresent)('Asterisk kit against the configuration Asterisk 22.11 was verified with', () => {
  const { parsed } = render(MYSQL_URL, { tenants: ['acme'] });

  it('has a counterpart for every file of the verified configuration', () => {
    const verifiedFiles = readdirSync(VERIFIED).filter((f) => f !== 'README.md');
    expect(verifiedFiles.length).toBeGreaterThan(10);
    for (const f of verifiedFiles) expect(Object.keys(KIT_FILES), f).toContain(f);
  });

  it('maps the same sorcery objects to the same tables', () => {
    expect(Object.fromEntries(sorceryMappings(parsed['sorcery.conf']))).toEqual(Object.fromEntries(sorceryMappings(readVerified('sorcery.conf'))));
  });

  it('maps the same realtime families to the same tables and driver (plus voicemail)', () => {
    const ours = families(parsed['extconfig.conf']);
    const verified = families(readVerified('extconfig.conf'));
    for (const [family, v] of verified) {
      expect(ours.get(family), family).toBeDefined();
      expect({ driver: ours.get(family)!.driver, table: ours.get(family)!.table }, family).toEqual({ driver: v.driver, table: v.table });
    }
    expect([...ours.keys()].filter((f) => !verified.has(f))).toEqual(['voicemail']);
  });

  it('chains extconfig → res_odbc → odbc.ini → odbcinst.ini the way the verified files do', () => {
    for (const [label, c] of [
      ['ours', parsed],
      [
        'verified',
        {
          'extconfig.conf': readVerified('extconfig.conf'),
          'res_odbc.conf': readVerified('res_odbc.conf'),
          'odbc.ini': readVerified('odbc.ini'),
          'odbcinst.ini': readVerified('odbcinst.ini'),
          'cdr_adaptive_odbc.conf': readVerified('cdr_adaptive_odbc.conf'),
        },
      ],
    ] as const) {
      const connections = new Set([...families(c['extconfig.conf']).values()].map((f) => f.connection));
      expect(connections.size, label).toBe(1);
      const [conn] = connections;
      expect(c['res_odbc.conf'].value(conn, 'enabled'), label).toBe('yes');
      expect(c['res_odbc.conf'].value(conn, 'username'), label).toBeTruthy();
      const dsn = c['res_odbc.conf'].value(conn, 'dsn')!;
      expect(c['odbc.ini'].has(dsn), label).toBe(true);
      const driver = c['odbc.ini'].value(dsn, 'Driver')!;
      expect(c['odbcinst.ini'].value(driver, 'Driver'), label).toMatch(/libmaodbc\.so/);
      const cdr = c['cdr_adaptive_odbc.conf'];
      expect(cdr.value(cdr.sections[0].name, 'connection'), label).toBe(conn);
      expect(cdr.value(cdr.sections[0].name, 'table'), label).toBe('cdr');
    }
  });

  it('keeps the verified ARI, HTTP, queue, CDR and module settings', () => {
    const vAri = readVerified('ari.conf');
    const vUser = vAri.sections.find((s) => s.name !== 'general')!;
    expect(parsed['ari.conf'].value('general', 'enabled')).toBe(vAri.value('general', 'enabled'));
    expect(parsed['ari.conf'].value(vUser.name, 'type')).toBe(vAri.value(vUser.name, 'type'));
    expect(parsed['ari.conf'].value(vUser.name, 'read_only')).toBe(vAri.value(vUser.name, 'read_only'));
    const vHttp = readVerified('http.conf');
    for (const key of ['enabled', 'bindaddr', 'bindport']) expect(parsed['http.conf'].value('general', key), key).toBe(vHttp.value('general', key));
    const vQueues = readVerified('queues.conf');
    for (const e of vQueues.all('general').flatMap((s) => s.entries)) expect(parsed['queues.conf'].value('general', e.key), e.key).toBe(e.value);
    expect(parsed['cdr.conf'].value('general', 'enable')).toBe(readVerified('cdr.conf').value('general', 'enable'));
    const vModules = readVerified('modules.conf');
    expect(parsed['modules.conf'].value('modules', 'autoload')).toBe(vModules.value('modules', 'autoload'));
    for (const m of vModules.values('modules', 'noload')) expect(parsed['modules.conf'].values('modules', 'noload')).toContain(m);
    expect(readVerified('asterisk.conf').value('options', 'systemname')).toBeTruthy();
    // The verified pjsip.conf, like ours, defines globals and transports only.
    const vPjsip = readVerified('pjsip.conf');
    for (const s of vPjsip.sections) expect(['global', 'transport']).toContain(vPjsip.value(s.name, 'type'));
  });

  it('reaches Stasis and the queue hand-over the way the recorded calls did', () => {
    const vExt = readVerified('extensions.conf');
    const verifiedPlan = dialplan(vExt);
    const ours = dialplan(parsed['extensions.conf'], parsed['extensions_tenants.conf']);
    // Every context of the verified dialplan exists in ours (acme-internal as a tenant context).
    for (const ctx of verifiedPlan.keys()) expect(ours.has(ctx), ctx).toBe(true);
    // The recorded internal call: acme-1001 dialled 1002 in acme-internal, last app Stasis(switchboard,internal).
    const rows = JSON.parse(readFileSync(join(TRACES, 'rows.json'), 'utf8'));
    const internal = rows.cdr.find((r: { lastapp: string }) => r.lastapp === 'Stasis');
    expect(internal.dcontext).toBe(tenantContexts('acme').internal);
    const stasis = reach(ours, internal.dcontext, internal.dst)!.prios.find((p) => p.app.startsWith('Stasis('))!;
    expect(stasis.app).toBe(`Stasis(${internal.lastdata})`);
    // The recorded queue call went through sb-queue: ours runs Queue() with the same arguments.
    const queued = rows.cdr.find((r: { lastapp: string }) => r.lastapp === 'Queue');
    const verifiedQueue = reach(verifiedPlan, queued.dcontext, queued.dst)!.prios.find((p) => p.app.startsWith('Queue('))!;
    const ourQueue = reach(ours, queued.dcontext, queued.dst)!.prios.find((p) => p.app.startsWith('Queue('))!;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Asterisk dialplan syntax
    expect(ourQueue.app.replace('${FILTER(0-9,${SB_QUEUE_TIMEOUT})}', '${SB_QUEUE_TIMEOUT}')).toBe(verifiedQueue.app);
    // CDR(tenant_id) is set before Queue() in both, from the channel's tenantid.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Asterisk dialplan syntax
    expect(reach(ours, 'sb-queue', 's')!.prios.some((p) => p.app === 'Set(CDR(tenant_id)=${CHANNEL(tenantid)})')).toBe(true);
  });
});

describe('Asterisk kit: choices and refusals', () => {
  it('renders a sorcery memory cache for endpoints and aors only, ahead of their realtime mapping', () => {
    const { parsed } = render(MYSQL_URL, { tenants: ['acme'], cacheSeconds: 45 });
    const section = parsed['sorcery.conf'].all('res_pjsip')[0];
    const keys = section.entries.map((e) => e.key);
    expect(keys.filter((k) => k.endsWith('/cache'))).toEqual(['endpoint/cache', 'aor/cache']);
    expect(keys.indexOf('endpoint/cache')).toBe(keys.indexOf('endpoint') - 1);
    expect(keys.indexOf('aor/cache')).toBe(keys.indexOf('aor') - 1);
    expect(parsed['sorcery.conf'].value('res_pjsip', 'endpoint/cache')).toBe('memory_cache,object_lifetime_maximum=45,expire_on_reload=yes');
    for (const s of parsed['sorcery.conf'].sections.filter((s) => s.name !== 'res_pjsip')) expect(s.entries.some((e) => e.key.endsWith('/cache'))).toBe(false);
  });

  it('uses the systemname, NAT address and ARI port it is given', () => {
    const { parsed } = render(
      PG_URL,
      { tenants: [], systemname: 'pbx-2', externalAddress: '203.0.113.7', localNets: ['10.1.0.0/16'] },
      { asteriskAriUrl: 'http://127.0.0.1:8090' },
    );
    expect(parsed['asterisk.conf'].value('options', 'systemname')).toBe('pbx-2');
    for (const t of ['transport-udp', 'transport-tcp', 'transport-tls']) {
      expect(parsed['pjsip.conf'].value(t, 'external_media_address')).toBe('203.0.113.7');
      expect(parsed['pjsip.conf'].value(t, 'external_signaling_address')).toBe('203.0.113.7');
      expect(parsed['pjsip.conf'].values(t, 'local_net')).toEqual(['10.1.0.0/16']);
    }
    expect(parsed['http.conf'].value('general', 'bindport')).toBe('8090');
    expect(parsed['extensions_tenants.conf'].sections).toEqual([]);
  });

  it('connects to MariaDB over TCP when DATABASE_URL says localhost', () => {
    const { parsed } = render('mariadb://sb:pw@localhost/sb', { tenants: ['acme'] });
    expect(parsed['odbc.ini'].value('switchboard', 'Server')).toBe('127.0.0.1');
    expect(parsed['odbc.ini'].value('switchboard', 'Port')).toBe('3306');
    expect(odbcTarget('postgresql://sb:pw@localhost/sb')).toMatchObject({ dialect: 'postgres', host: 'localhost', port: 5432, database: 'sb', sslmode: null });
  });

  it('refuses SQLite with a message that says what Asterisk needs', () => {
    expect(() => render('sqlite:./data/switchboard.db')).toThrow(AsteriskKitError);
    expect(() => render('sqlite:./data/switchboard.db')).toThrow(/MariaDB\/MySQL or PostgreSQL/);
  });

  it('refuses bad input with a clear message that never contains the database password', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['no database name', () => render(`mysql://sb:${encodeURIComponent(DB_PASSWORD)}@db:3306/`), /names no database/],
      ['no user', () => render('postgres://db:5432/sb'), /no user name/],
      ['a password with a line break', () => render('mysql://sb:a%0Ab@db/sb'), /single line/],
      ['a bad sslmode', () => render(`postgres://sb:${encodeURIComponent(DB_PASSWORD)}@db/sb?sslmode=maybe`), /sslmode/],
      ['no ARI password', () => render(MYSQL_URL, { tenants: [] }, { asteriskAriPassword: undefined }), /ASTERISK_ARI_PASSWORD/],
      ['a bad tenant slug', () => render(MYSQL_URL, { tenants: ['Acme Corp'] }), /tenant slug/],
      ['a bad systemname', () => render(MYSQL_URL, { tenants: [], systemname: 'node 1' }), /systemname/],
      ['a bad cache lifetime', () => render(MYSQL_URL, { tenants: [], cacheSeconds: -1 }), /cache/],
      ['a bad local network', () => render(MYSQL_URL, { tenants: [], externalAddress: '203.0.113.7', localNets: ['10.0.0.0'] }), /local network/],
    ];
    for (const [what, fn, message] of cases) {
      let error: unknown;
      try {
        fn();
      } catch (err) {
        error = err;
      }
      expect(error, what).toBeInstanceOf(AsteriskKitError);
      expect((error as Error).message, what).toMatch(message);
      expect((error as Error).message, what).not.toContain(DB_PASSWORD);
      expect((error as Error).message, what).not.toContain(encodeURIComponent(DB_PASSWORD));
    }
  });
});

// ---------------------------------------------------------------------------------------------

const exec = promisify(execFile);
const TSX = resolve(REPO, 'node_modules/.bin/tsx');
const CLI = resolve(REPO, 'apps/server/src/asterisk-config-cli.ts');

/** Run the CLI in an empty folder (no .env) with only the given environment. */
async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'sbt-askit-'));
  try {
    const r = await exec(TSX, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATA_DIR: join(cwd, 'data'), ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, cwd };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', cwd };
  }
}

describe('npm run asterisk:config (CLI)', () => {
  const cleanup: string[] = [];
  afterAll(() => {
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  });

  it('renders the kit into --out, lists what it wrote and prints no password', async () => {
    const r = await cli(['--out', 'kit', '--tenants', 'acme,beta', '--systemname', 'pbx-7'], { DATABASE_URL: MYSQL_URL, ASTERISK_ARI_PASSWORD: ARI_PASSWORD });
    cleanup.push(r.cwd);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const dir = join(r.cwd, 'kit');
    const expected = renderAsteriskKit(kitConfig(MYSQL_URL), { tenants: ['acme', 'beta'], systemname: 'pbx-7' });
    expect(readdirSync(dir).sort()).toEqual(Object.keys(KIT_FILES).sort());
    for (const [file, content] of Object.entries(expected)) {
      expect(readFileSync(join(dir, file), 'utf8'), file).toBe(content);
      expect(r.stdout, file).toContain(join('kit', file));
      expect(r.stdout).toContain(KIT_FILES[file as KitFile]);
      expect(statSync(join(dir, file)).mode & 0o777, file).toBe(SECRET_FILES.includes(file as KitFile) ? 0o600 : 0o644);
    }
    for (const secret of [DB_PASSWORD, encodeURIComponent(DB_PASSWORD), ARI_PASSWORD]) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('refuses SQLite (and writes nothing), a missing --out and a missing ARI password', async () => {
    const sqlite = await cli(['--out', 'kit', '--tenants', 'acme'], { DATABASE_URL: 'sqlite:./x.db', ASTERISK_ARI_PASSWORD: ARI_PASSWORD });
    cleanup.push(sqlite.cwd);
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr).toMatch(/Asterisk needs MariaDB\/MySQL or PostgreSQL/);
    expect(existsSync(join(sqlite.cwd, 'kit'))).toBe(false);
    expect(existsSync(join(sqlite.cwd, 'x.db'))).toBe(false);

    const noOut = await cli(['--tenants', 'acme'], { DATABASE_URL: MYSQL_URL, ASTERISK_ARI_PASSWORD: ARI_PASSWORD });
    cleanup.push(noOut.cwd);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    expect(noOut.stderr).toMatch(/Usage: npm run asterisk:config/);

    const unknown = await cli(['--out', 'kit', '--bogus'], { DATABASE_URL: MYSQL_URL, ASTERISK_ARI_PASSWORD: ARI_PASSWORD });
    cleanup.push(unknown.cwd);
    expect(unknown.code).toBe(2);

    const noAri = await cli(['--out', 'kit', '--tenants', 'acme'], { DATABASE_URL: MYSQL_URL });
    cleanup.push(noAri.cwd);
    expect(noAri.code).toBe(1);
    expect(noAri.stderr).toMatch(/ASTERISK_ARI_PASSWORD is not set/);
    expect(existsSync(join(noAri.cwd, 'kit'))).toBe(false);

    const badEnv = await cli(['--out', 'kit', '--tenants', 'acme'], { DATABASE_URL: MYSQL_URL, ASTERISK_ARI_PASSWORD: 'short' });
    cleanup.push(badEnv.cwd);
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/ASTERISK_ARI_PASSWORD: must be at least 12 characters/);
  });

  for (const dialect of dialects().filter((d): d is Exclude<Dialect, 'sqlite'> => d !== 'sqlite')) {
    describe.skipIf(!REACHABLE[dialect])(`reading the tenants from ${dialect}`, () => {
      let url: string;
      let drop: () => Promise<void>;
      beforeAll(async () => {
        ({ url, drop } = await freshDatabase(dialect));
        const dbh = createDb(url, { poolMax: 1 });
        try {
          await migrateToLatest(dbh.db);
          await seedDemo(dbh.db, 'Test-password-1');
          const now = new Date().toISOString();
          const row = { status: 'active', trial_ends_at: null, limits: '{}', features: '{}', settings: '{}', created_at: now, updated_at: now };
          await dbh.db
            .insertInto('tenants')
            .values([
              { ...row, id: 'zeta', name: 'Zeta', deleted_at: null },
              { ...row, id: 'gone', name: 'Gone', deleted_at: now },
            ])
            .execute();
        } finally {
          await dbh.close();
        }
      });
      afterAll(async () => {
        await drop?.();
      });

      it('gives every tenant that is not deleted its contexts', async () => {
        const r = await cli(['--out', 'kit'], { DATABASE_URL: url, ASTERISK_ARI_PASSWORD: ARI_PASSWORD });
        cleanup.push(r.cwd);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const conf = parseConf(readFileSync(join(r.cwd, 'kit', 'extensions_tenants.conf'), 'utf8'));
        expect(conf.sections.map((s) => s.name)).toEqual(['demo-internal', 'demo-inbound', 'zeta-internal', 'zeta-inbound']);
        expect(r.stdout).toContain('(2 tenants)');
      });
    });
  }
});
