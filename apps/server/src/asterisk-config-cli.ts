/**
 * `npm run asterisk:config -- --out DIR [options]`: render the Asterisk connection kit from the
 * app's configuration (environment and .env) into DIR. See the README, "Connect Asterisk".
 * Never prints a password.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createDb } from './db/index.js';
import { loadDotEnv } from './env.js';
import {
  AsteriskKitError,
  type AsteriskKitOptions,
  asteriskKitNotes,
  KIT_FILES,
  type KitFile,
  listTenantSlugs,
  renderAsteriskKit,
  SECRET_FILES,
} from './modules/telephony/asterisk-kit/index.js';

const USAGE = `Usage: npm run asterisk:config -- --out DIR [options]

Renders the Asterisk configuration for one Asterisk node from DATABASE_URL and ASTERISK_ARI_*.

  --out DIR                 folder to write the files into (created if missing)
  --systemname NAME         this node's unique systemname (default ASTERISK_SYSTEMNAME)
  --tenants a,b             tenant slugs for the dialplan contexts (default: read from the database)
  --cache-seconds N         cache endpoints and aors for N seconds (default 0: no cache)
  --external-address ADDR   public IP or host name when the node is behind NAT
  --local-net CIDR,...      networks reached without NAT (default with --external-address: private ranges)
  --help                    this text`;

class UsageError extends Error {}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

async function tenantsFromDatabase(config: Config): Promise<string[]> {
  const dbh = createDb(config.databaseUrl, { poolMax: 1 });
  try {
    return await listTenantSlugs(dbh.db);
  } catch (err) {
    throw new AsteriskKitError(
      `Could not read the tenants from the database (${(err as Error).message}). Run \`npm run db:migrate\` against DATABASE_URL, or pass --tenants a,b.`,
    );
  } finally {
    await dbh.close();
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        systemname: { type: 'string' },
        tenants: { type: 'string' },
        'cache-seconds': { type: 'string' },
        'external-address': { type: 'string' },
        'local-net': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = args.values.out;
  if (!out) throw new UsageError('--out DIR is required');
  const cache = args.values['cache-seconds'];
  if (cache !== undefined && !/^\d+$/.test(cache)) throw new UsageError('--cache-seconds takes a whole number of seconds');

  loadDotEnv();
  const config = loadConfig();
  const opts: AsteriskKitOptions = {
    tenants: list(args.values.tenants) ?? [],
    systemname: args.values.systemname,
    cacheSeconds: cache === undefined ? undefined : Number(cache),
    externalAddress: args.values['external-address'],
    localNets: list(args.values['local-net']),
  };
  // Refuse bad input (SQLite, no ARI password, a bad option) before touching the database.
  renderAsteriskKit(config, opts);
  if (args.values.tenants === undefined) opts.tenants = await tenantsFromDatabase(config);
  const files = renderAsteriskKit(config, opts);

  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  const width = Math.max(...Object.keys(files).map((f) => join(out, f).length));
  console.log(
    `Asterisk kit for node "${opts.systemname ?? config.asteriskSystemname}" (${opts.tenants.length} tenant${opts.tenants.length === 1 ? '' : 's'}), written to ${dir}:`,
  );
  for (const [file, content] of Object.entries(files) as [KitFile, string][]) {
    const path = join(dir, file);
    const secret = SECRET_FILES.includes(file);
    writeFileSync(path, content, { mode: secret ? 0o600 : 0o644 });
    chmodSync(path, secret ? 0o600 : 0o644); // an existing file keeps its mode otherwise
    console.log(`  ${join(out, file).padEnd(width)}  -> ${KIT_FILES[file]}${secret ? '  (holds a password: mode 600)' : ''}`);
  }
  const notes = asteriskKitNotes(config, opts);
  if (notes.length) console.log(`\nNotes:\n${notes.map((n) => `  - ${n}`).join('\n')}`);
  console.log('\nNext: copy each file to where the arrow points on the Asterisk host, then restart Asterisk (README, "Connect Asterisk").');
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (err instanceof ConfigError || err instanceof AsteriskKitError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
}
