import type { ChatSession } from '@switchboard/shared';

/** `75` → `1 min 15 s`; null → `—`. */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : '', !h && sec ? `${sec} s` : ''].filter(Boolean).join(' ');
}

/** The name an agent sees for a visitor. */
export function visitorLabel(s: Pick<ChatSession, 'visitor'>): string {
  return s.visitor.name || s.visitor.email || 'Visitor';
}

export const STATUS_COLORS: Record<ChatSession['status'], string> = { queued: 'yellow', active: 'teal', ended: 'gray', abandoned: 'red' };

export const STATUS_LABELS: Record<ChatSession['status'], string> = { queued: 'Waiting', active: 'Active', ended: 'Ended', abandoned: 'Abandoned' };

/** Plain text of a rendered template (HTML templates become text: chat messages are plain text). */
export function templateText(body: string, format: 'text' | 'html'): string {
  if (format === 'text') return body;
  // DOMParser builds an inert document: nothing runs, nothing loads.
  const doc = new DOMParser().parseFromString(body.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h\d)>/gi, '$&\n'), 'text/html');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/** A short client id for idempotent sends. */
export const clientId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
