/**
 * What a destination may point at: the tenant's queues, extensions, IVR menus and voicemail boxes,
 * loaded for pickers and for showing a destination by name. Query keys live under each feature's
 * `['telephony', <kind>]` key so that a change on that feature's page refreshes them.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiList } from '../../lib/api';

export type TargetKind = 'queue' | 'extension' | 'ivr' | 'voicemail';

/** The fields of each target that naming it needs. */
interface TargetRow {
  id: string;
  name?: string | null;
  display_name?: string | null;
  number?: string | null;
  mailbox?: string | null;
}

export interface TargetOption {
  value: string;
  label: string;
}

const PATHS: Record<TargetKind, string> = {
  queue: '/telephony/queues',
  extension: '/telephony/extensions',
  ivr: '/telephony/ivr',
  voicemail: '/telephony/voicemail',
};

/** The key root of each kind (the owning feature invalidates `['telephony', <root>]`). */
export const TARGET_KEY_ROOTS: Record<TargetKind, string> = { queue: 'queues', extension: 'extensions', ivr: 'ivr', voicemail: 'voicemail' };

export const TARGET_LABELS: Record<TargetKind, string> = { queue: 'queue', extension: 'extension', ivr: 'IVR menu', voicemail: 'voicemail box' };

function labelOf(kind: TargetKind, r: TargetRow): string {
  if (kind === 'extension') return [r.number, r.display_name].filter(Boolean).join(' · ') || r.id;
  if (kind === 'voicemail') return [r.mailbox, r.name].filter(Boolean).join(' · ') || r.id;
  return r.name || r.id;
}

/** The first 100 targets of a kind (every list caps page_size at 100). */
export const getTargetOptions = async (kind: TargetKind, signal?: AbortSignal): Promise<TargetOption[]> => {
  const list = await apiList<TargetRow>(PATHS[kind], { page: 1, page_size: 100 }, signal);
  return list.data.map((r) => ({ value: r.id, label: labelOf(kind, r) }));
};

export const targetOptionsQueryOptions = (kind: TargetKind) =>
  queryOptions({
    queryKey: ['telephony', TARGET_KEY_ROOTS[kind], 'destination-options'] as const,
    queryFn: ({ signal }) => getTargetOptions(kind, signal),
    staleTime: 30_000,
  });

export function useTargetOptions(kind: TargetKind | null, enabled = true) {
  return useQuery({ ...targetOptionsQueryOptions(kind ?? 'queue'), enabled: enabled && kind !== null });
}
