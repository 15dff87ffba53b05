import { expirePresence } from './presence.js';
import { abandonIdleQueued } from './sessions.service.js';
import { type RoutingDeps, expireOffers, routeQueued, tenantsWithQueue } from './routing.js';
import { expireTransfers } from './transfers.js';

type Log = { warn: (o: object, msg: string) => void };

/** What one sweep did. */
export interface ChatSweepResult {
  presence: number;
  offers: number;
  transfers: number;
  /** Queued chats whose visitor left (sessions.service.ts abandonIdleQueued). */
  abandoned: number;
}

/**
 * One pass of the chat sweep: agents whose node stopped heartbeating go absent, offers and
 * transfers past their timeout expire (an expired offer goes to the next agent at once), queued
 * chats whose visitor left are abandoned, and with
 * `routeAll` every tenant with a waiting chat is routed again (a safety net for a routing call lost
 * to a crash between a commit and its `routeQueued`). Every step is a conditional UPDATE, so all
 * nodes may sweep at the same time.
 */
export async function sweepChat(deps: RoutingDeps, opts: { at?: Date; routeAll?: boolean } = {}): Promise<ChatSweepResult> {
  const at = opts.at ?? new Date();
  const presence = await expirePresence(deps, at.getTime());
  const offers = await expireOffers(deps, at);
  const transfers = await expireTransfers(deps, at);
  const abandoned = await abandonIdleQueued(deps, at);
  if (opts.routeAll) for (const t of await tenantsWithQueue(deps.db)) await routeQueued(deps, t);
  return { presence, offers, transfers, abandoned };
}

/** Start the sweep on this node (every `intervalMs`; full re-route every 5th run). Stop it on shutdown. */
export function startChatJobs(deps: RoutingDeps, log: Log, opts: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  let runs = 0;
  let current: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped || current) return; // a slow sweep is not stacked on
    current = sweepChat(deps, { routeAll: runs++ % 5 === 0 })
      .catch((err) => log.warn({ err }, 'chat sweep failed'))
      .finally(() => {
        current = null;
      });
  }, opts.intervalMs ?? 2000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
