/**
 * What ARI adds to SIP trunks when Asterisk is connected (`deps.ari`): live endpoint state merged
 * into the status derived from `ps_contacts`, and a reload of Asterisk's outbound registration
 * module after a write that changes a registration (realtime `ps_registrations` rows are only read
 * when that module loads or reloads). Both are best-effort: ARI failing never fails a request.
 */
import type { Trunk } from '@switchboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { AriClient, AriEndpoint } from '../../calls/ari/client.js';
import { type TrunkValues, trunkPjsip } from './service.js';

/** The module that owns PJSIP outbound registrations. */
export const REGISTRATION_MODULE = 'res_pjsip_outbound_registration.so';
/** At most this many ARI requests in flight for one page of trunks. */
const ARI_CONCURRENCY = 8;

/** ARI endpoint state → trunk status; `unknown` (or no state) keeps the ps_contacts status. */
export function statusFromAri(state: AriEndpoint['state'] | undefined, fallback: Trunk['status']): Trunk['status'] {
  if (state === 'online') return 'registered';
  if (state === 'offline') return 'unreachable';
  return fallback;
}

/** Map over items with at most `limit` promises pending. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Trunks with their status from ARI endpoint state where Asterisk reports one. Without ARI, or for
 * a trunk whose lookup fails (unreachable, timeout, error status), the ps_contacts status stays.
 */
export async function withAriStatus(ari: AriClient | null, trunks: Trunk[], log: FastifyBaseLogger): Promise<Trunk[]> {
  if (!ari || !trunks.length) return trunks;
  return mapBounded(trunks, ARI_CONCURRENCY, async (t) => {
    try {
      const ep = await ari.getEndpoint('PJSIP', t.endpoint);
      return ep ? { ...t, status: statusFromAri(ep.state, t.status) } : t;
    } catch (err) {
      log.debug({ err, endpoint: t.endpoint }, 'ARI endpoint state unavailable; using ps_contacts');
      return t;
    }
  });
}

/** What Asterisk's outbound registration depends on for a trunk (null: no registration). */
function registrationKey(slug: string, v: TrunkValues | null | undefined): string | null {
  if (!v || !Number(v.register)) return null;
  const reg = trunkPjsip(slug, v).registration;
  // Values as text: a stored row may hold numbers as strings depending on the database driver.
  const text = reg ? Object.fromEntries(Object.entries(reg).map(([k, x]) => [k, x === null ? null : String(x)])) : null;
  return JSON.stringify([text, v.outbound_username, v.outbound_secret]);
}

/** Whether a write from `before` to `after` (null: none) adds, changes or removes a registration. */
export function registrationChanged(slug: string, before: TrunkValues | null | undefined, after: TrunkValues | null | undefined): boolean {
  return registrationKey(slug, before) !== registrationKey(slug, after);
}

/** After a committed write: reload the registration module when it changed (best-effort, logged). */
export async function reloadRegistrationsIf(ari: AriClient | null, changed: boolean, log: FastifyBaseLogger): Promise<void> {
  if (!ari || !changed) return;
  try {
    await ari.reloadModule(REGISTRATION_MODULE);
  } catch (err) {
    log.warn({ err }, `ARI reload of ${REGISTRATION_MODULE} failed; Asterisk applies the registration change on its next reload`);
  }
}
