/**
 * A call destination as form values: every field present (so a server error on `open.target_id` or
 * `open.url` lands on its input), turned into the API's `Destination` union with `toDestination`.
 */
import type { Destination, DestinationType } from '@switchboard/shared';

export interface DestinationValue {
  type: DestinationType | '';
  target_id: string;
  url: string;
  number: string;
}

export const emptyDestination = (type: DestinationType | '' = ''): DestinationValue => ({ type, target_id: '', url: '', number: '' });

export function destinationToValue(d: Destination | null | undefined): DestinationValue {
  if (!d) return emptyDestination();
  return {
    type: d.type,
    target_id: 'target_id' in d ? d.target_id : '',
    url: d.type === 'webhook' ? d.url : '',
    number: d.type === 'external' ? d.number : '',
  };
}

/** Form value → request body (null when no type is chosen). */
export function toDestination(v: DestinationValue | null | undefined): Destination | null {
  if (!v?.type) return null;
  switch (v.type) {
    case 'webhook':
      return { type: 'webhook', url: v.url.trim() };
    case 'external':
      return { type: 'external', number: v.number.replace(/[\s().-]/g, '') };
    case 'hangup':
      return { type: 'hangup' };
    default:
      return { type: v.type, target_id: v.target_id };
  }
}

export const DESTINATION_TYPE_LABELS: Record<DestinationType, string> = {
  queue: 'Queue',
  extension: 'Extension',
  ivr: 'IVR menu',
  voicemail: 'Voicemail box',
  webhook: 'Webhook (URL)',
  external: 'External number',
  hangup: 'Hang up',
};
