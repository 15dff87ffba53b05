import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest for email channels. IMAP passwords must be read back to log in, so they are
 * encrypted (AES-256-GCM) with a key derived from JWT_SECRET: a database dump alone does not give
 * them away. Changing JWT_SECRET makes stored passwords unreadable; the poller then reports
 * "re-enter the IMAP password" on the channel.
 */
function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'switchboard', 'helpdesk-email-imap-password', 32));
}

/** `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
export function encryptSecret(secret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

/** The plain text, or null when it was encrypted with another key (or is damaged). */
export function decryptSecret(secret: string, stored: string): string | null {
  const [v, iv, tag, data] = stored.split(':');
  if (v !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** A new inbound token: 32 random bytes, `sbin_` prefixed so it is recognisable in a config file. */
export function newInboundToken(): string {
  return `sbin_${randomBytes(32).toString('base64url')}`;
}

/** How tokens are stored and looked up. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
