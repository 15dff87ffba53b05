import type { ChatMessage, ChatOffer, ChatTransfer } from '@switchboard/shared';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { notifyInfo } from '../../../lib/notices';
import { type RealtimeEvent, useRealtimeEvent } from '../../../lib/realtime';
import { desktopNotify, playChime } from './deskAlerts';

interface AssignedData {
  session: { id: string; visitor_name: string | null };
  agent: { user_id: string; name: string };
  via: 'routing' | 'offer' | 'transfer' | 'pickup';
}

/** Sound + desktop notification for what needs this agent: a new chat, an offer, a transfer, a visitor message in the background. */
export function useDeskAlerts(userId: string | undefined, activeSessionId: string | undefined, teamIds: readonly string[] = []) {
  const navigate = useNavigate();
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
      } else if (ev.type === 'chat.message.created') {
        const d = ev.data as { session_id: string; message: ChatMessage };
        if (d.message.author_type !== 'visitor') return;
        if (!document.hidden && d.session_id === activeSessionId) return;
        if (document.hidden)
          desktopNotify(d.message.author_name || 'Visitor', d.message.body.slice(0, 140) || 'Sent a file', `msg-${d.session_id}`, open(d.session_id));
      }
    },
    [userId, activeSessionId, navigate, teamIds],
  );
  useRealtimeEvent(['chat.'], handler);
}
