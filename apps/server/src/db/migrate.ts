import { readdirSync, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Database } from './index.js';

const SRC = resolve(import.meta.dirname, '..');

/**
 * Finds migrations in `src/db/migrations` and in every `src/modules/<domain>/migrations`, so a
 * module adds its tables by adding a file. Names start with `yyyyMMddHHmm` and run in that order.
 */
export class ModuleMigrationProvider implements MigrationProvider {
  /** `roots`: source folders laid out like `src` (default: this server's `src`; tests add a temp one). */
  constructor(private readonly roots: readonly string[] = [SRC]) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const dirs: string[] = [];
    for (const root of this.roots) {
      const core = join(root, 'db/migrations');
      if (existsSync(core)) dirs.push(core);
      const modules = join(root, 'modules');
      if (!existsSync(modules)) continue;
      for (const m of readdirSync(modules).sort()) {
        const dir = join(modules, m, 'migrations');
        if (existsSync(dir)) dirs.push(dir);
      }
    }
    const out: Record<string, Migration> = {};
    for (const dir of dirs) {
      for (const file of readdirSync(dir)) {
        if (!/^\d{12}_[a-z0-9_]+\.(ts|js)$/.test(file)) continue;
        const name = basename(file).replace(/\.(ts|js)$/, '');
        if (out[name]) throw new Error(`Duplicate migration name ${name}`);
        out[name] = (await import(pathToFileURL(join(dir, file)).href)) as Migration;
      }
    }
    return out;
  }
}

/** Bring the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Database, opts: { roots?: readonly string[] } = {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new ModuleMigrationProvider(opts.roots),
    // A module added later may carry an older timestamp than one already applied.
    allowUnorderedMigrations: true,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
