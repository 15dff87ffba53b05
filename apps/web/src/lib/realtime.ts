/**
 * The realtime client: one WebSocket to `/api/v1/ws` for the signed-in console.
 *  - authenticates with the first message (the token never appears in a URL),
 *  - remembers the last sequence number per tenant (sessionStorage, so a reload resumes too) and
 *    resumes after it: the server replays what was missed before live events,
 *  - reconnects with exponential backoff and jitter; refreshes the token when the server says it expired,
 *  - renews the token on the open socket when it changes, and restarts on a tenant switch.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { refreshSession } from './api';
import { getAccessToken, subscribeTokens } from './tokens';

/** An event as the server sends it (ARCHITECTURE.md's model plus its place in the stream). */
export interface RealtimeEvent {
  type: string;
  tenant_id: string;
  at: string;
  seq?: number;
  data: unknown;
}

export type RealtimeStatus = 'idle' | 'connecting' | 'live' | 'offline';
type Listener = (ev: RealtimeEvent) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<() => void>();
let status: RealtimeStatus = 'idle';
let socket: WebSocket | null = null;
let tenant: string | null = null;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let started = 0;
let unsubscribeTokens: (() => void) | null = null;

function setStatus(s: RealtimeStatus) {
  if (s === status) return;
  status = s;
  for (const l of statusListeners) l();
}

/** The tenant an access token is for (its `tid` claim); decoding only, the server verifies. */
function tenantOfToken(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { tid?: string };
    return payload.tid ?? null;
  } catch {
    return null;
  }
}

const seqKey = (t: string) => `switchboard.realtime.seq.${t}`;
function lastSeq(t: string): number | null {
  const v = sessionStorage.getItem(seqKey(t));
  return v === null ? null : Number(v);
}
function saveSeq(t: string, seq: number) {
  const prev = lastSeq(t);
  if (prev === null || seq > prev) sessionStorage.setItem(seqKey(t), String(seq));
}

function open() {
  const token = getAccessToken();
  if (!token || !started) return;
  tenant = tenantOfToken(token);
  if (!tenant) return setStatus('idle'); // a superadmin outside any tenant has no stream
  setStatus('connecting');
  const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${proto}://${window.location.host}/api/v1/ws`);
  socket = ws;
  const forTenant = tenant;
  ws.onopen = () => ws.send(JSON.stringify({ op: 'auth', token, after: lastSeq(forTenant) }));
  ws.onmessage = (m) => {
    const msg = JSON.parse(String(m.data)) as { op: string; event?: RealtimeEvent; seq?: number };
    if (msg.op === 'ready') {
      attempt = 0;
      setStatus('live');
    } else if (msg.op === 'event' && msg.event) {
      if (msg.event.seq !== undefined) saveSeq(forTenant, msg.event.seq);
      for (const l of listeners) l(msg.event);
    } else if (msg.op === 'seq' && msg.seq !== undefined) saveSeq(forTenant, msg.seq);
  };
  ws.onclose = async (e) => {
    if (socket !== ws) return; // replaced on purpose
    socket = null;
    if (!started) return setStatus('idle');
    setStatus('offline');
    // 4001/4002: the token is not (or no longer) good; a refresh gets a new one, or the session is over.
    if ((e.code === 4001 || e.code === 4002) && !(await refreshSession())) return setStatus('idle');
    schedule();
  };
}

function schedule() {
  if (retryTimer) clearTimeout(retryTimer);
  const base = Math.min(30_000, 500 * 2 ** attempt);
  attempt++;
  retryTimer = setTimeout(open, base / 2 + Math.random() * (base / 2));
}

function restart() {
  const old = socket;
  socket = null;
  old?.close();
  attempt = 0;
  open();
}

/** Start the connection (reference-counted: the signed-in layout starts it, and stops it on unmount). */
export function startRealtime(): () => void {
  started++;
  if (started === 1) {
    unsubscribeTokens = subscribeTokens(() => {
      const token = getAccessToken();
      if (!token) return restart();
      if (tenantOfToken(token) !== tenant || !socket) return restart();
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ op: 'auth', token }));
    });
    window.addEventListener('online', restart);
    open();
  }
  return () => {
    started--;
    if (started > 0) return;
    unsubscribeTokens?.();
    window.removeEventListener('online', restart);
    if (retryTimer) clearTimeout(retryTimer);
    const old = socket;
    socket = null;
    old?.close();
    setStatus('idle');
  };
}

/** Receive every event of the current tenant (returns the unsubscribe function). */
export function onRealtimeEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Call `handler` for events whose type starts with one of `prefixes` while the component is mounted. */
export function useRealtimeEvent(prefixes: string[], handler: Listener): void {
  const key = prefixes.join('|');
  useEffect(() => {
    const list = key.split('|');
    return onRealtimeEvent((ev) => {
      if (list.some((p) => ev.type.startsWith(p))) handler(ev);
    });
  }, [key, handler]);
}

/**
 * A polling interval that applies only while live updates are down: screens pass it as
 * TanStack Query's `refetchInterval`, so events refresh them normally and polling covers an outage.
 */
export function pollWhenOffline(ms: number): () => number | false {
  return () => (status === 'live' ? false : ms);
}

/** The connection state, for a "live / reconnecting" indicator. */
export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(
    (l) => {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    () => status,
  );
}
