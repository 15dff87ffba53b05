/**
 * A real IMAP server for tests: Debian's dovecot-imapd started as a child process with a generated
 * configuration in a temp folder (plain IMAP on a free loopback port, passwd-file users with
 * plaintext passwords, maildirs in the folder, log to a file, foreground `-F`). `.ci/run` installs
 * it; without it the IMAP suites skip locally and fail in CI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const DOVECOT_BIN = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p)) ?? null;

export interface Dovecot {
  host: string;
  port: number;
  /** Users `box1` … `boxN`, each with password `secret-<name>` and an empty INBOX. */
  users: string[];
  password(user: string): string;
  /** The server's log (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });

/** Start a private dovecot; throws with its log when it does not come up. */
export async function startDovecot(opts: { users?: number } = {}): Promise<Dovecot> {
  if (!DOVECOT_BIN) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = mkdtempSync(join(tmpdir(), 'sb-dovecot-'));
  // Dovecot's mail processes run as the users' uid, which may not be root: the folder must be traversable.
  chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : (process.getuid?.() ?? 1000);
  const gid = root ? 65534 : (process.getgid?.() ?? 1000);
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  if (root) chownSync(mail, uid, gid);
  const port = await freePort();
  const users = Array.from({ length: opts.users ?? 12 }, (_v, i) => `box${i + 1}`);
  const password = (u: string) => `secret-${u}`;
  writeFileSync(join(dir, 'users'), users.map((u) => `${u}:{PLAIN}${password(u)}:${uid}:${gid}::${join(mail, u)}::\n`).join(''));
  const me = userInfo().username;
  const conf = [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `instance_name = sbtest-${port}`,
    `log_path = ${join(dir, 'dovecot.log')}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // Refused logins answer at once (the default 2 s delay only slows the tests down).
    'auth_failure_delay = 0',
    `first_valid_uid = ${Math.min(uid, 500)}`,
    `mail_location = maildir:${join(mail, '%u')}`,
    // Without root, dovecot runs every service as the current user and cannot chroot.
    ...(root ? [] : [`default_internal_user = ${me}`, `default_login_user = ${me}`, `default_internal_group = ${userInfo().gid}`]),
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${join(dir, 'users')}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${join(dir, 'users')}`,
    '}',
    'service imap-login {',
    ...(root ? [] : ['  chroot =']),
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '}',
    // No growing penalty for repeated refused logins from 127.0.0.1 (the tests refuse logins on purpose).
    'service anvil {',
    ...(root ? [] : ['  chroot =']),
    '  unix_listener anvil-auth-penalty {',
    '    mode = 0',
    '  }',
    '}',
    '',
  ].join('\n');
  const confPath = join(dir, 'dovecot.conf');
  writeFileSync(confPath, conf);
  const logPath = join(dir, 'dovecot.log');
  const log = () => {
    try {
      return readFileSync(logPath, 'utf8');
    } catch {
      return '';
    }
  };
  let output = '';
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  const until = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (exitCode !== undefined || Date.now() > until) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`dovecot did not start (exit ${exitCode}): ${output}\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: '127.0.0.1',
    port,
    users,
    password,
    log,
    async stop() {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
