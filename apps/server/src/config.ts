import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the server reads, with its default. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|mysql:\/\/|mariadb:\/\/|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite:, mysql://, mariadb:// or postgres://')
    .optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ACCESS_TTL: z.coerce.number().int().min(30).max(86_400).default(900),
  JWT_REFRESH_TTL: z.coerce.number().int().min(300).max(31_536_000).default(2_592_000),
  PUBLIC_URL: z.url().optional(),
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().default('Switchboard <no-reply@switchboard.local>'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /** How often the helpdesk SLA job looks for clocks that reached their warning or due date. */
  SLA_SWEEP_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** How often each enabled helpdesk email channel's IMAP mailbox is read. */
  EMAIL_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  SELF_SIGNUP: bool.default(true),
  SEED_DEMO: bool.default(true),
  DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').default('Switchboard-demo-1'),
  LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Chat sessions and offline messages one visitor address may start per hour. */
  CHAT_SESSIONS_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Chat sessions and offline messages one widget may start per hour (all visitors). */
  CHAT_SESSIONS_PER_WIDGET: z.coerce.number().int().min(1).default(1000),
  /** Messages and files one visitor address may send per minute. */
  CHAT_MESSAGES_PER_IP: z.coerce.number().int().min(1).default(60),
  /** Messages and files all visitors of one widget may send per minute. */
  CHAT_MESSAGES_PER_WIDGET: z.coerce.number().int().min(1).default(3000),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|[0-9a-fA-F.:/,\s]+)$/, 'true, false, a hop count, or comma-separated addresses/CIDRs')
    .default('false'),
  WEB_DIST: z.string().default(resolve(import.meta.dirname, '../../web/dist')),
  /** Where the server reaches Asterisk's REST interface (ARI); the kit binds ARI to the loopback. */
  ASTERISK_ARI_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('http://127.0.0.1:8088'),
  /** ARI user name (a section of the kit's ari.conf). */
  ASTERISK_ARI_USER: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, dot, dash and underscore, starting with a letter or digit')
    .refine((v) => v !== 'general', 'must not be "general"')
    .default('switchboard'),
  /** ARI password (written into the kit's ari.conf); required to render the kit. */
  ASTERISK_ARI_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Default `systemname` of a rendered Asterisk node (unique per node). */
  ASTERISK_SYSTEMNAME: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/, 'letters, digits, dot, dash and underscore, at most 32')
    .default('sb-node-1'),
  /** Host name phones register to (Asterisk's SIP address); default: PUBLIC_URL's host. */
  SIP_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address')
    .optional(),
  /** Asterisk's secure WebSocket URL for WebRTC phones; default: wss://<SIP_DOMAIN>:8089/ws. */
  SIP_WSS_URL: z.string().regex(/^wss?:\/\/\S+$/, 'must start with wss:// (or ws://)').optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  dbPoolMax: number;
  jwtSecret: string;
  accessTtl: number;
  refreshTtl: number;
  publicUrl: string;
  corsOrigins: string[];
  logLevel: string;
  smtpUrl?: string;
  smtpFrom: string;
  redisUrl?: string;
  /** SLA_SWEEP_SECONDS: interval of the helpdesk SLA warning/breach job. */
  slaSweepSeconds: number;
  /** EMAIL_POLL_SECONDS: interval of the helpdesk IMAP poll job. */
  emailPollSeconds: number;
  selfSignup: boolean;
  seedDemo: boolean;
  demoPassword: string;
  loginMaxPerIp: number;
  loginMaxPerAccount: number;
  loginWindowSeconds: number;
  /** Visitor rate limits of live chat (per hour for sessions, per minute for messages). */
  chatSessionsPerIp: number;
  chatSessionsPerWidget: number;
  chatMessagesPerIp: number;
  chatMessagesPerWidget: number;
  /** Fastify `trustProxy`: whether X-Forwarded-For is believed (client IP for audit and rate limits). */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
  webDist: string;
  /** ASTERISK_ARI_URL: base URL of Asterisk's ARI (without `/ari`). */
  asteriskAriUrl: string;
  /** ASTERISK_ARI_USER. */
  asteriskAriUser: string;
  /** ASTERISK_ARI_PASSWORD (undefined: not configured). */
  asteriskAriPassword?: string;
  /** ASTERISK_SYSTEMNAME: default systemname for `npm run asterisk:config`. */
  asteriskSystemname: string;
  /** SIP_DOMAIN: where phones register (undefined: PUBLIC_URL's host). */
  sipDomain?: string;
  /** SIP_WSS_URL: Asterisk's WebSocket URL for WebRTC phones (undefined: derived). */
  sipWssUrl?: string;
};

/** A configuration that could not be accepted; `problems` names every bad variable. */
export class ConfigError extends Error {
  constructor(public problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Parse the environment once. Fails listing every bad variable. In production a JWT secret
 * is required; otherwise a random one is generated once and kept in the data folder.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.success ? parsed.data : undefined;
  // Checked on the raw input so it is reported together with any other bad variable.
  if (cleaned.NODE_ENV === 'production' && !cleaned.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (!e || problems.length) throw new ConfigError(problems);

  const dataDir = resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${dataDir}/switchboard.db`;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    databaseUrl,
    dbPoolMax: e.DB_POOL_MAX,
    jwtSecret: e.JWT_SECRET ?? persistentSecret(dataDir),
    accessTtl: e.JWT_ACCESS_TTL,
    refreshTtl: e.JWT_REFRESH_TTL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    redisUrl: e.REDIS_URL,
    slaSweepSeconds: e.SLA_SWEEP_SECONDS,
    emailPollSeconds: e.EMAIL_POLL_SECONDS,
    selfSignup: e.SELF_SIGNUP,
    seedDemo: e.SEED_DEMO,
    demoPassword: e.DEMO_PASSWORD,
    loginMaxPerIp: e.LOGIN_MAX_PER_IP,
    loginMaxPerAccount: e.LOGIN_MAX_PER_ACCOUNT,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    chatSessionsPerIp: e.CHAT_SESSIONS_PER_IP,
    chatSessionsPerWidget: e.CHAT_SESSIONS_PER_WIDGET,
    chatMessagesPerIp: e.CHAT_MESSAGES_PER_IP,
    chatMessagesPerWidget: e.CHAT_MESSAGES_PER_WIDGET,
    trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? trustHops(Number(e.TRUST_PROXY)) : e.TRUST_PROXY,
    webDist: e.WEB_DIST,
    asteriskAriUrl: e.ASTERISK_ARI_URL.replace(/\/$/, ''),
    asteriskAriUser: e.ASTERISK_ARI_USER,
    asteriskAriPassword: e.ASTERISK_ARI_PASSWORD,
    asteriskSystemname: e.ASTERISK_SYSTEMNAME,
    sipDomain: e.SIP_DOMAIN,
    sipWssUrl: e.SIP_WSS_URL,
  };
}

/** Trust the nearest `hops` proxies. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

/** The embedded default keeps one random secret in the data folder so tokens survive restarts. */
function persistentSecret(dataDir: string): string {
  const file = resolve(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
