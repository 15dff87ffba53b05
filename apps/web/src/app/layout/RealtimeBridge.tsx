import { Tooltip } from '@mantine/core';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onRealtimeEvent, type RealtimeEvent, startRealtime, useRealtimeStatus } from '../../lib/realtime';

/** Events that change no stored data (someone is typing): nothing to refetch. */
const EPHEMERAL = new Set(['chat.typing']);

/**
 * Which cached queries an event makes stale: `ticket.*` refreshes every query whose key starts
 * with `ticket` (lists, a ticket, its messages), `chat.*` those starting with `chat`, and so on.
 * Screens keep fetching through TanStack Query; events only tell them when.
 */
export function invalidateFor(client: QueryClient, ev: RealtimeEvent): void {
  if (EPHEMERAL.has(ev.type)) return;
  const domain = ev.type.split('.')[0];
  void client.invalidateQueries({ predicate: (q) => String(q.queryKey[0] ?? '').startsWith(domain) });
}

/** Runs the realtime connection while signed in and turns events into cache invalidations. */
export function RealtimeBridge() {
  const client = useQueryClient();
  useEffect(() => {
    const stop = startRealtime();
    const off = onRealtimeEvent((ev) => invalidateFor(client, ev));
    return () => {
      off();
      stop();
    };
  }, [client]);
  return <RealtimeDot />;
}

const LABEL = { idle: 'Live updates off', connecting: 'Connecting live updates…', live: 'Live updates on', offline: 'Reconnecting live updates…' } as const;
const COLOR = { idle: 'var(--mantine-color-gray-5)', connecting: 'var(--mantine-color-yellow-6)', live: 'var(--mantine-color-teal-6)', offline: 'var(--mantine-color-red-6)' } as const;

/** A small dot in the header saying whether live updates flow. */
function RealtimeDot() {
  const status = useRealtimeStatus();
  return (
    <Tooltip label={LABEL[status]}>
      <span role="status" aria-label={LABEL[status]} data-realtime={status} style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: COLOR[status] }} />
    </Tooltip>
  );
}
