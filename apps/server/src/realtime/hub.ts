import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { type EventInput, lastSeq, readEvents, type StreamEvent } from './events.js';

/** Receives a tenant's events in stream order, each once. */
export type EventListener = (ev: StreamEvent) => void;

export interface Subscription {
  /** Stop receiving. */
  close(): void;
  /** Resolves once the backlog after `after` has been delivered and live events follow. */
  ready: Promise<void>;
}

/**
 * The event hub of one node. Durable events live in the `events` table; the hub only tells nodes
 * that a tenant's stream moved ("poke") and each node reads what is new from the database, in
 * order, and hands it to its local subscribers. A lost poke (a node crashing between commit and
 * publish, Redis down for a moment) delays an event until the next poke or the safety sweep, never
 * loses it. Ephemeral events (typing, presence) are fanned out directly and are not replayed.
 */
export interface EventHub {
  /** The tenant's stream moved: call after the transaction that emitted events committed. */
  poke(tenantId: string): void;
  /** An event that is not stored (typing, presence): to every node's subscribers of the tenant now. */
  broadcast(tenantId: string, e: EventInput): void;
  /**
   * Receive the tenant's events after `after` (from the database first), then live ones.
   * `after` null: only events from now on. A backlog longer than `maxBacklog` delivers a
   * `stream.reset` event instead (the client reloads its state), then live events.
   */
  subscribe(tenantId: string, after: number | null, listener: EventListener): Subscription;
  /** Subscribers on this node (for metrics and tests). */
  size(): number;
  close(): Promise<void>;
}

interface Sub {
  listener: EventListener;
  /** Last seq handed to this subscriber. */
  last: number;
  live: boolean;
}

interface TenantState {
  subs: Set<Sub>;
  /** Last seq read from the database for this tenant (live subscribers are at it). */
  cursor: number;
  /** Serialises reads so events are delivered in order. */
  chain: Promise<void>;
  dirty: boolean;
}

const CHANNEL = 'switchboard:events';

export interface HubOptions {
  db: Kysely<DB>;
  /** With Redis, pokes and ephemeral events reach every node. */
  redis?: Redis | null;
  /** Safety sweep interval for tenants with subscribers (ms). */
  sweepMs?: number;
  maxBacklog?: number;
  onError?: (err: unknown) => void;
}

/** Create the node's hub: in-process, or across nodes when Redis is given. */
export function createEventHub(opts: HubOptions): EventHub {
  const { db } = opts;
  const maxBacklog = opts.maxBacklog ?? 5000;
  const onError = opts.onError ?? (() => {});
  const tenants = new Map<string, TenantState>();
  let closed = false;

  const sub = opts.redis ? opts.redis.duplicate() : null;
  if (sub) {
    sub.on('error', onError);
    sub.subscribe(CHANNEL).catch(onError);
    sub.on('message', (_ch, raw) => {
      try {
        const m = JSON.parse(raw) as { k: 'poke'; tenant_id: string } | { k: 'eph'; event: StreamEvent };
        if (m.k === 'poke') pump(m.tenant_id);
        else deliverEphemeral(m.event);
      } catch (err) {
        onError(err);
      }
    });
  }

  function deliverEphemeral(ev: StreamEvent): void {
    const st = tenants.get(ev.tenant_id);
    if (!st) return;
    for (const s of st.subs) if (s.live) safeCall(s, ev);
  }

  function safeCall(s: Sub, ev: StreamEvent): void {
    try {
      s.listener(ev);
    } catch (err) {
      onError(err);
    }
  }

  /** Read what is new for the tenant and deliver it, one read at a time per tenant. */
  function pump(tenantId: string): void {
    const st = tenants.get(tenantId);
    if (!st || closed) return;
    if (st.dirty) return; // a read is already queued; it will see this change too
    st.dirty = true;
    st.chain = st.chain.then(async () => {
      st.dirty = false;
      try {
        for (;;) {
          const batch = await readEvents(db, tenantId, st.cursor, 500);
          for (const ev of batch) {
            st.cursor = ev.seq as number;
            for (const s of st.subs) {
              if (s.live && (ev.seq as number) > s.last) {
                s.last = ev.seq as number;
                safeCall(s, ev);
              }
            }
          }
          if (batch.length < 500) break;
        }
      } catch (err) {
        onError(err);
      }
    });
  }

  const sweep = setInterval(() => {
    for (const id of tenants.keys()) pump(id);
  }, opts.sweepMs ?? 2000);
  sweep.unref();

  return {
    poke(tenantId) {
      pump(tenantId);
      opts.redis?.publish(CHANNEL, JSON.stringify({ k: 'poke', tenant_id: tenantId })).catch(onError);
    },
    broadcast(tenantId, e) {
      const ev: StreamEvent = {
        type: e.type,
        tenant_id: tenantId,
        at: new Date().toISOString(),
        data: e.data,
        permission: e.permission ?? null,
        user_id: e.user_id ?? null,
      };
      if (opts.redis) opts.redis.publish(CHANNEL, JSON.stringify({ k: 'eph', event: ev })).catch(onError);
      else deliverEphemeral(ev);
    },
    subscribe(tenantId, after, listener) {
      let st = tenants.get(tenantId);
      const fresh = !st;
      if (!st) {
        st = { subs: new Set(), cursor: -1, chain: Promise.resolve(), dirty: false };
        tenants.set(tenantId, st);
      }
      const state = st;
      const s: Sub = { listener, last: 0, live: false };
      state.subs.add(s);
      const ready = state.chain.then(async () => {
        try {
          if (fresh || state.cursor < 0) state.cursor = await lastSeq(db, tenantId);
          const head = state.cursor;
          let from = after ?? head;
          if (from > head) from = head; // a client ahead of the stream (a restored database): resync from here
          if (head - from > maxBacklog) {
            safeCall(s, { type: 'stream.reset', tenant_id: tenantId, at: new Date().toISOString(), data: { reason: 'backlog_too_long', seq: head }, permission: null, user_id: null });
            from = head;
          }
          while (from < head) {
            const batch = await readEvents(db, tenantId, from, 500);
            for (const ev of batch) {
              if ((ev.seq as number) > head) break;
              from = ev.seq as number;
              safeCall(s, ev);
            }
            if (batch.length < 500) break;
          }
          s.last = head;
          s.live = true;
        } catch (err) {
          onError(err);
          s.live = true;
          s.last = Math.max(s.last, after ?? 0);
        }
      });
      state.chain = ready;
      // Whatever arrived while the backlog was read is picked up by a read after it.
      pump(tenantId);
      return {
        ready,
        close() {
          state.subs.delete(s);
          if (state.subs.size === 0 && tenants.get(tenantId) === state) tenants.delete(tenantId);
        },
      };
    },
    size() {
      let n = 0;
      for (const st of tenants.values()) n += st.subs.size;
      return n;
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      await Promise.allSettled([...tenants.values()].map((t) => t.chain));
      tenants.clear();
      if (sub) sub.disconnect();
    },
  };
}
