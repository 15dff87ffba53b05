import { type Extension, OUTBOUND_PERMISSIONS } from '@switchboard/shared';
import { blankToNull } from '../../../lib/forms';

export interface ExtensionValues {
  number: string;
  display_name: string;
  user_id: string;
  max_contacts: number | string;
  webrtc: boolean;
  recording: boolean;
  voicemail_box_id: string;
  outbound_permission: Extension['outbound_permission'];
  caller_id_number: string;
}

export const emptyExtension: ExtensionValues = {
  number: '',
  display_name: '',
  user_id: '',
  max_contacts: 3,
  webrtc: false,
  recording: false,
  voicemail_box_id: '',
  outbound_permission: 'national',
  caller_id_number: '',
};

export const extensionToValues = (e: Extension): ExtensionValues => ({
  number: e.number,
  display_name: e.display_name,
  user_id: e.user_id ?? '',
  max_contacts: e.max_contacts,
  webrtc: e.webrtc,
  recording: e.recording,
  voicemail_box_id: e.voicemail_box_id ?? '',
  outbound_permission: e.outbound_permission,
  caller_id_number: e.caller_id_number ?? '',
});

/**
 * The request body. WebRTC and recording are left out when the tenant has the feature off (the
 * server refuses to switch them on then), and an empty number asks for the next free one.
 */
export const extensionToBody = (v: ExtensionValues, features: { webrtc: boolean; recording: boolean }) => ({
  number: v.number.trim() === '' ? undefined : v.number.trim(),
  display_name: v.display_name,
  user_id: blankToNull(v.user_id),
  max_contacts: v.max_contacts === '' ? undefined : Number(v.max_contacts),
  ...(features.webrtc ? { webrtc: v.webrtc } : {}),
  ...(features.recording ? { recording: v.recording } : {}),
  voicemail_box_id: blankToNull(v.voicemail_box_id),
  outbound_permission: v.outbound_permission,
  caller_id_number: blankToNull(v.caller_id_number),
});

const OUTBOUND_LABELS: Record<Extension['outbound_permission'], string> = {
  none: 'Internal only',
  national: 'National',
  international: 'International',
};
export const OUTBOUND_OPTIONS = OUTBOUND_PERMISSIONS.map((p) => ({ value: p, label: OUTBOUND_LABELS[p] }));
export const outboundLabel = (p: Extension['outbound_permission']) => OUTBOUND_LABELS[p];
