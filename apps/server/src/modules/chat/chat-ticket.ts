import type { ChatMessage, ChatSession, Ticket } from '@switchboard/shared';
import { v7 as uuidv7 } from 'uuid';
import type { AppDeps } from '../../app.js';
import { conflict, notFound } from '../../http/errors.js';
import { now } from '../../http/pagination.js';
import { emitEvent } from '../../realtime/events.js';
import type { Actor } from '../audit/repo.js';
import { createTicket } from '../helpdesk/tickets.service.js';
import { type ChatDeps, getChatSession, readMessages, sessionEvent } from './sessions.service.js';
import { contactForVisitor } from './visitor.service.js';

/** `2026-11-22T10:04:05.123Z` → `2026-11-22 10:04:05 UTC`. */
const stamp = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** The plain-text transcript of a chat: a header with the visitor, then one line per message. */
export function formatTranscript(s: ChatSession, messages: readonly ChatMessage[]): string {
  const who = [s.visitor.name, s.visitor.email ? `<${s.visitor.email}>` : null].filter(Boolean).join(' ') || 'Visitor';
  const head = [
    `Chat transcript (${s.widget_name}), started ${stamp(s.created_at)}`,
    `Visitor: ${who}`,
    s.visitor.phone ? `Phone: ${s.visitor.phone}` : null,
    s.visitor.current_url ? `Page: ${s.visitor.current_url}` : null,
    ...Object.entries(s.prechat).map(([k, v]) => `${k}: ${v === true ? 'yes' : v === false ? 'no' : v}`),
    s.agent_name ? `Agent: ${s.agent_name}` : null,
  ].filter(Boolean);
  const lines = messages.map((m) => {
    const author = m.author_type === 'visitor' ? s.visitor.name || 'Visitor' : m.author_type === 'agent' ? m.author_name || 'Agent' : 'System';
    const file = m.attachment ? `[file: ${m.attachment.filename}, ${m.attachment.size} bytes]` : '';
    const text = [m.body, file].filter(Boolean).join(' ');
    return `[${stamp(m.created_at)}] ${author}: ${text}`;
  });
  return [...head, '', ...lines].join('\n');
}

/**
 * Turn a chat into a helpdesk ticket: the visitor's contact (found or created from their email) is
 * the requester, the first visitor message the description, and the whole transcript the ticket's
 * first message. The chat keeps the ticket's id; a second conversion is a 409 naming the ticket.
 */
export async function chatToTicket(
  deps: ChatDeps & Pick<AppDeps, 'dbh'>,
  actor: Actor,
  tenantId: string,
  sessionId: string,
  b: { subject?: string; priority?: Ticket['priority'] },
  userId: string,
): Promise<Ticket> {
  const { db } = deps;
  const s = await getChatSession(db, tenantId, sessionId);
  if (!s) throw notFound('Chat session');
  const already = () => conflict('This chat already has a ticket', [{ field: 'ticket_id', message: s.ticket_id ?? 'exists' }]);
  if (s.ticket_id) throw already();
  const requester = s.contact_id ?? (s.visitor.email ? await contactForVisitor(db, tenantId, { email: s.visitor.email, name: s.visitor.name, phone: s.visitor.phone }, actor) : null);
  const messages: ChatMessage[] = [];
  for (let after = 0; ; ) {
    const batch = await readMessages(db, tenantId, sessionId, after, 1000);
    messages.push(...batch);
    if (batch.length < 1000) break;
    after = batch[batch.length - 1].seq;
  }
  const firstVisitor = messages.find((m) => m.author_type === 'visitor' && m.body);
  const who = s.visitor.name || s.visitor.email || 'a visitor';
  return createTicket(
    deps,
    actor,
    tenantId,
    {
      subject: (b.subject ?? `Chat with ${who}`).slice(0, 255),
      description: firstVisitor ? firstVisitor.body.slice(0, 20000) : null,
      priority: b.priority,
      requester_id: requester,
      created_by: userId,
    },
    async (trx, ticket) => {
      const at = now();
      await trx
        .insertInto('ticket_messages')
        .values({
          id: uuidv7(),
          tenant_id: tenantId,
          ticket_id: ticket.id,
          author_user_id: null,
          author_contact_id: requester,
          internal: 0,
          format: 'text',
          body: formatTranscript(s, messages),
          created_at: at,
          updated_at: at,
          edited_at: null,
        })
        .execute();
      const r = await trx
        .updateTable('chat_sessions')
        .set({ ticket_id: ticket.id, contact_id: requester, updated_at: at })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', sessionId)
        .where('ticket_id', 'is', null)
        .executeTakeFirst();
      // Converted meanwhile by someone else: roll this ticket back.
      if (Number(r.numUpdatedRows) === 0) throw already();
      await emitEvent(trx, tenantId, sessionEvent('chat.session.updated', (await getChatSession(trx, tenantId, sessionId)) as ChatSession));
    },
  );
}
