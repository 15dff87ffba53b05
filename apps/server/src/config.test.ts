import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { loadDotEnv } from './env.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sbt-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    const c = loadConfig({ JWT_SECRET: SECRET });
    expect(c).toMatchObject({
      env: 'development',
      host: '0.0.0.0',
      port: 3000,
      dataDir: resolve('./data'),
      databaseUrl: `sqlite:${resolve('./data')}/switchboard.db`,
      dbPoolMax: 10,
      jwtSecret: SECRET,
      accessTtl: 900,
      refreshTtl: 2_592_000,
      publicUrl: 'http://localhost:3000',
      corsOrigins: [],
      logLevel: 'info',
      smtpUrl: undefined,
      redisUrl: undefined,
      selfSignup: true,
      seedDemo: true,
      loginMaxPerIp: 50,
      loginMaxPerAccount: 5,
      loginWindowSeconds: 900,
    });
    expect(c.smtpFrom).toMatch(/@/);
    expect(c.demoPassword.length).toBeGreaterThanOrEqual(10);
    expect(c).toMatchObject({
      asteriskAriUrl: 'http://127.0.0.1:8088',
      asteriskAriUser: 'switchboard',
      asteriskAriPassword: undefined,
      asteriskSystemname: 'sb-node-1',
    });
  });

  it('reads the Asterisk settings and names bad ones', () => {
    const c = loadConfig({
      JWT_SECRET: SECRET,
      ASTERISK_ARI_URL: 'http://127.0.0.1:8090/',
      ASTERISK_ARI_USER: 'sb-ari',
      ASTERISK_ARI_PASSWORD: 'a-long-ari-password',
      ASTERISK_SYSTEMNAME: 'pbx-2',
    });
    expect(c).toMatchObject({
      asteriskAriUrl: 'http://127.0.0.1:8090',
      asteriskAriUser: 'sb-ari',
      asteriskAriPassword: 'a-long-ari-password',
      asteriskSystemname: 'pbx-2',
    });
    const err = configError({
      JWT_SECRET: SECRET,
      ASTERISK_ARI_URL: 'ws://x',
      ASTERISK_ARI_USER: 'general',
      ASTERISK_ARI_PASSWORD: 'short',
      ASTERISK_SYSTEMNAME: 'node 1',
    });
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['ASTERISK_ARI_PASSWORD', 'ASTERISK_ARI_URL', 'ASTERISK_ARI_USER', 'ASTERISK_SYSTEMNAME']);
  });

  it('reads and converts the variables it is given', () => {
    const c = loadConfig({
      JWT_SECRET: SECRET,
      NODE_ENV: 'production',
      PORT: '8080',
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://u@db:5432/sb',
      PUBLIC_URL: 'https://cc.example.com/',
      CORS_ORIGINS: 'https://a.example, https://b.example ,',
      SELF_SIGNUP: 'no',
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      SMTP_URL: 'smtp://mail:25',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(c).toMatchObject({
      env: 'production',
      port: 8080,
      dataDir: dir,
      databaseUrl: 'postgres://u@db:5432/sb',
      publicUrl: 'https://cc.example.com',
      corsOrigins: ['https://a.example', 'https://b.example'],
      selfSignup: false,
      seedDemo: false,
      logLevel: 'warn',
      smtpUrl: 'smtp://mail:25',
      redisUrl: 'redis://cache:6379',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('names every bad variable at once', () => {
    const err = configError({ JWT_SECRET: SECRET, PORT: 'abc', DATABASE_URL: 'oracle://x', LOG_LEVEL: 'loud' });
    expect(err.message).toMatch(/^Invalid configuration/);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) {
      expect(err.message).toContain(name);
      expect(err.problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
    expect(err.problems).toHaveLength(3);
  });

  it('refuses production without JWT_SECRET, and a secret that is too short', () => {
    const err = configError({ NODE_ENV: 'production', DATA_DIR: dir });
    expect(err.message).toContain('JWT_SECRET');
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
    expect(configError({ JWT_SECRET: 'short', DATA_DIR: dir }).message).toContain('JWT_SECRET');
  });

  it('in production names the missing JWT_SECRET together with the other bad variables', () => {
    const err = configError({ NODE_ENV: 'production', PORT: 'abc', DATA_DIR: dir });
    expect(err.message).toContain('PORT');
    expect(err.message).toContain('JWT_SECRET');
  });

  it('without a secret outside production generates one into DATA_DIR and reads the same one next time', () => {
    const first = loadConfig({ DATA_DIR: join(dir, 'nested') });
    const file = join(dir, 'nested', 'jwt-secret');
    expect(existsSync(file)).toBe(true);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
    const second = loadConfig({ DATA_DIR: join(dir, 'nested') });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    // Another data folder, another secret.
    expect(loadConfig({ DATA_DIR: join(dir, 'other') }).jwtSecret).not.toBe(first.jwtSecret);
    // A configured secret wins over the stored one.
    expect(loadConfig({ DATA_DIR: join(dir, 'nested'), JWT_SECRET: SECRET }).jwtSecret).toBe(SECRET);
  });
});

describe('loadDotEnv', () => {
  const A = 'SB_CONFIG_TEST_FROM_FILE';
  const B = 'SB_CONFIG_TEST_ALREADY_SET';
  afterEach(() => {
    delete process.env[A];
    delete process.env[B];
  });

  it('loads a .env file into process.env without overriding variables already set', () => {
    const file = join(dir, '.env');
    writeFileSync(file, `# comment\n${A}=from-file\n${B}=from-file\nPORT_IN_FILE_UNUSED="quoted value"\n`);
    process.env[B] = 'from-shell';
    loadDotEnv(file);
    expect(process.env[A]).toBe('from-file');
    expect(process.env[B]).toBe('from-shell');
    delete process.env.PORT_IN_FILE_UNUSED;
  });

  it('feeds loadConfig() through process.env', () => {
    const keys = ['PORT', 'JWT_SECRET', 'DATA_DIR', 'LOG_LEVEL'];
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    try {
      for (const k of keys) delete process.env[k];
      const file = join(dir, '.env');
      writeFileSync(file, `PORT=4321\nJWT_SECRET=${SECRET}\nDATA_DIR=${dir}\nLOG_LEVEL=debug\n`);
      loadDotEnv(file);
      expect(loadConfig()).toMatchObject({ port: 4321, jwtSecret: SECRET, dataDir: dir, logLevel: 'debug' });
    } finally {
      for (const k of keys) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('does nothing when the file is missing', () => {
    expect(() => loadDotEnv(join(dir, 'missing.env'))).not.toThrow();
  });
});
