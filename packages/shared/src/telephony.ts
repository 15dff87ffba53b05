import { z } from 'zod';
import { Id } from './common.js';

/** Where a call goes: a number's open/closed route, an IVR option, a queue's overflow. */
export const DESTINATION_TYPES = ['queue', 'extension', 'ivr', 'webhook', 'external', 'voicemail', 'hangup'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** Destination types that point at a Switchboard object of the same tenant (by id). */
export const OBJECT_DESTINATIONS = ['queue', 'extension', 'ivr', 'voicemail'] as const;

/** A call destination. `target_id` for queue/extension/ivr/voicemail, `url` for webhook, `number` (E.164) for external. */
export const Destination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), target_id: Id }),
  z.object({ type: z.literal('extension'), target_id: Id }),
  z.object({ type: z.literal('ivr'), target_id: Id }),
  z.object({ type: z.literal('voicemail'), target_id: Id }),
  z.object({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ type: z.literal('external'), number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164, e.g. +14155550100') }),
  z.object({ type: z.literal('hangup') }),
]);
export type Destination = z.infer<typeof Destination>;
