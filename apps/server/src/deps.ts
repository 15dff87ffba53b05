import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { AppDeps } from './app.js';
import type { Config } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { createMailer } from './mail/outbox.js';
import { ariFromConfig } from './modules/calls/ari/client.js';
import { createTokenSigner } from './modules/auth/crypto.js';
import { createEventHub } from './realtime/hub.js';

/** Open the database (migrated), Redis when configured, the mailer and the token signer. */
export async function createDeps(config: Config, log: FastifyBaseLogger): Promise<AppDeps & { close(): Promise<void> }> {
  const dbh = createDb(config.databaseUrl, { poolMax: config.dbPoolMax, onConnectionError: (err) => log.warn({ err }, 'database connection lost') });
  try {
    const applied = await migrateToLatest(dbh.db);
    if (applied.length) log.info({ applied }, 'migrations applied');
  } catch (err) {
    await dbh.close();
    throw err;
  }
  const redis = config.redisUrl ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null;
  const hub = createEventHub({ db: dbh.db, redis, onError: (err) => log.warn({ err }, 'event hub') });
  const mailer = createMailer({ db: dbh.db, smtpUrl: config.smtpUrl, from: config.smtpFrom, log });
  return {
    config,
    db: dbh.db,
    dbh,
    tokens: createTokenSigner(config.jwtSecret, config.accessTtl),
    mailer,
    redis,
    ari: ariFromConfig(config),
    hub,
    async close() {
      await hub.close();
      await mailer.stop();
      redis?.disconnect();
      await dbh.close();
    },
  };
}
