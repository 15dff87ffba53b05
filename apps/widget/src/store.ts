/**
 * What survives a reload, per widget key in the page's localStorage: the visitor token (it reads
 * only this one session), the session id, the last message seq seen, and whether the panel was open.
 * A page that blocks storage (privacy mode, sandboxed frame) still gets a working chat, just not
 * across reloads.
 */
export interface Saved {
  token: string;
  session_id: string;
  /** Highest message seq the visitor has seen (read). */
  seq: number;
  open?: boolean;
}

const keyOf = (widgetKey: string) => `switchboard-chat:${widgetKey}`;

export function load(widgetKey: string): Saved | null {
  try {
    const raw = localStorage.getItem(keyOf(widgetKey));
    const v = raw ? (JSON.parse(raw) as Saved) : null;
    return v && typeof v.token === 'string' && typeof v.session_id === 'string' ? { ...v, seq: Number(v.seq) || 0 } : null;
  } catch {
    return null;
  }
}

export function save(widgetKey: string, v: Saved | null): void {
  try {
    if (v) localStorage.setItem(keyOf(widgetKey), JSON.stringify(v));
    else localStorage.removeItem(keyOf(widgetKey));
  } catch {
    // Storage unavailable: the chat works for this page view only.
  }
}
