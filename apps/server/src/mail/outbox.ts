import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../db/index.js';
import type { DB } from '../db/schema.js';
import { now } from '../http/pagination.js';

export interface OutgoingEmail {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Put an email in the outbox, inside the caller's transaction: it is sent only if the write
 * that caused it commits, and it survives a crash before sending.
 */
export async function queueEmail(db: Kysely<DB>, e: OutgoingEmail): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('email_outbox')
    .values({
      id,
      tenant_id: e.tenantId,
      to_address: e.to,
      subject: e.subject,
      body_text: e.text,
      body_html: e.html ?? null,
      status: 'pending',
      attempts: 0,
      claimed_at: null,
      last_error: null,
      created_at: now(),
      sent_at: null,
    })
    .execute();
  return id;
}

const MAX_ATTEMPTS = 8;
const STALE_CLAIM_MS = 5 * 60_000;

/**
 * Delivers the outbox: by SMTP when configured, otherwise the message is logged and kept in the
 * outbox with status `logged`. Rows are claimed with a conditional update, so two server nodes
 * never send the same message twice.
 */
export function createMailer(opts: { db: Database; smtpUrl?: string; from: string; log: FastifyBaseLogger }) {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  let running: Promise<number> | null = null;
  let again: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function deliverPending(): Promise<number> {
    const rows = await opts.db
      .selectFrom('email_outbox')
      .selectAll()
      .where((e) =>
        e.or([
          e('status', 'in', ['pending', 'retry']),
          // A sender that crashed mid-send left its claim behind: take the row over after a while.
          e.and([e('status', '=', 'sending'), e('claimed_at', '<', new Date(Date.now() - STALE_CLAIM_MS).toISOString())]),
        ]),
      )
      .orderBy('created_at')
      .limit(50)
      .execute();
    let sent = 0;
    for (const row of rows) {
      const claim = await opts.db
        .updateTable('email_outbox')
        .set({ status: 'sending', attempts: row.attempts + 1, claimed_at: now() })
        .where('id', '=', row.id)
        .where('status', '=', row.status)
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      try {
        if (transport) {
          await transport.sendMail({ from: opts.from, to: row.to_address, subject: row.subject, text: row.body_text, html: row.body_html ?? undefined });
        } else {
          opts.log.info({ email: { to: row.to_address, subject: row.subject, text: row.body_text } }, 'email (no SMTP_URL; kept in outbox)');
        }
        await opts.db.updateTable('email_outbox').set({ status: transport ? 'sent' : 'logged', sent_at: now(), last_error: null }).where('id', '=', row.id).execute();
        sent++;
      } catch (err) {
        const failed = row.attempts + 1 >= MAX_ATTEMPTS;
        opts.log.warn({ err, email_id: row.id }, 'email delivery failed');
        await opts.db
          .updateTable('email_outbox')
          .set({ status: failed ? 'failed' : 'retry', last_error: String((err as Error).message ?? err).slice(0, 1000) })
          .where('id', '=', row.id)
          .execute();
      }
    }
    return sent;
  }

  /**
   * Send what is waiting now. Concurrent calls coalesce, but a call made while a run is under
   * way gets one more run after it: that run may have read the outbox before the caller's row
   * was committed.
   */
  function flush(): Promise<number> {
    if (!running) {
      running = deliverPending().finally(() => (running = null));
      return running;
    }
    again ??= running
      .catch(() => 0)
      .then(() => {
        again = null;
        return flush();
      });
    return again;
  }

  return {
    flush,
    /** Retry waiting messages periodically (also picks up rows left by a crash). */
    start(intervalMs = 10_000) {
      timer = setInterval(() => void flush().catch((err) => opts.log.error({ err }, 'outbox flush failed')), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await again?.catch(() => 0);
      await running?.catch(() => 0);
      transport?.close();
    },
  };
}
export type Mailer = ReturnType<typeof createMailer>;
