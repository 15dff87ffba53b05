import type { ChatMessage, ChatOffer, ChatTransfer } from '@switchboard/shared';
import { useCallback, useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { notifyInfo } from '../../../lib/notices';
import { type RealtimeEvent, useRealtimeEvent } from '../../../lib/realtime';
import { getChatSession } from '../api/getChatSession';
import { desktopNotify, playChime } from './deskAlerts';

interface AssignedData {
  session: { id: string; visitor_name: string | null };
  agent: { user_id: string; name: string };
  via: 'routing' | 'offer' | 'transfer' | 'pickup';
}

/** How long a new chat may sit in the queue before online agents hear about it (routing usually assigns it sooner). */
const STILL_WAITING_MS = 3000;

/**
 * Sound + desktop notification for what needs this agent: a chat assigned, offered or transferred
 * to them, a chat left waiting in the queue (widgets without auto-assign) while they are online,
 * and a visitor message while the console is in the background.
 */
export function useDeskAlerts(userId: string | undefined, activeSessionId: string | undefined, teamIds: readonly string[] = [], online = false) {
  const navigate = useNavigate();
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending) clearTimeout(t);
      pending.clear();
    };
  }, []);
  const handler = useCallback(
    (ev: RealtimeEvent) => {
      if (!userId) return;
      const open = (id: string) => () => navigate(`/chat/desk/${id}`);
      if (ev.type === 'chat.session.assigned') {
        const d = ev.data as AssignedData;
        // Picking a chat up yourself, or accepting an offer/transfer, needs no alarm.
        if (d.agent.user_id !== userId || d.via !== 'routing') return;
        const who = d.session.visitor_name || 'a visitor';
        playChime();
        notifyInfo('New chat', `You have a new chat with ${who}.`);
        desktopNotify('New chat', `You have a new chat with ${who}.`, `chat-${d.session.id}`, open(d.session.id));
      } else if (ev.type === 'chat.offer.created') {
        const d = ev.data as { offer: ChatOffer; session: { id: string; visitor_name: string | null } };
        if (d.offer.user_id !== userId) return;
        playChime();
        desktopNotify('Chat offered to you', `${d.session.visitor_name || 'A visitor'} is waiting. Accept it in the chat desk.`, `offer-${d.offer.id}`, () =>
          navigate('/chat/desk'),
        );
      } else if (ev.type === 'chat.transfer.created') {
        const d = ev.data as { transfer: ChatTransfer };
        const forMe = d.transfer.to_user_id === userId || (d.transfer.to_team_id !== null && teamIds.includes(d.transfer.to_team_id));
        if (!forMe || d.transfer.from_user_id === userId) return;
        playChime();
        desktopNotify(
          'Chat transfer',
          d.transfer.reason ? `Reason: ${d.transfer.reason}` : 'A colleague wants to hand you a chat.',
          `transfer-${d.transfer.id}`,
          () => navigate('/chat/desk'),
        );
      } else if (ev.type === 'chat.session.queued' && online) {
        const id = (ev.data as { session: { id: string } }).session.id;
        const t = setTimeout(async () => {
          timers.current.delete(t);
          const s = await getChatSession(id).catch(() => null);
          if (s?.status !== 'queued') return;
          const who = s.visitor.name || s.visitor.email || 'A visitor';
          playChime();
          desktopNotify('Chat waiting', `${who} is waiting in the queue.`, `queued-${id}`, open(id));
        }, STILL_WAITING_MS);
        timers.current.add(t);
      } else if (ev.type === 'chat.message.created') {
        const d = ev.data as { session_id: string; message: ChatMessage };
        if (d.message.author_type !== 'visitor') return;
        if (!document.hidden && d.session_id === activeSessionId) return;
        if (document.hidden)
          desktopNotify(d.message.author_name || 'Visitor', d.message.body.slice(0, 140) || 'Sent a file', `msg-${d.session_id}`, open(d.session_id));
      }
    },
    [userId, activeSessionId, navigate, teamIds, online],
  );
  useRealtimeEvent(['chat.'], handler);
}
