import { loadConfig } from '../config.js';
import { loadDotEnv } from '../env.js';
import { createDb } from './index.js';
import { migrateToLatest } from './migrate.js';

loadDotEnv();
const config = loadConfig();
const { db, close } = createDb(config.databaseUrl);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await close();
}
