import { DTMF_MODES, SIP_TRANSPORTS, type TRUNK_STATUSES } from '@switchboard/shared';

export const TRANSPORT_OPTIONS = SIP_TRANSPORTS.map((t) => ({ value: t, label: t.toUpperCase() }));

const DTMF_LABELS: Record<(typeof DTMF_MODES)[number], string> = {
  rfc4733: 'RFC 4733 (RTP events)',
  inband: 'In-band audio',
  info: 'SIP INFO',
  auto: 'Auto (RFC 4733, else in-band)',
  auto_info: 'Auto (RFC 4733, else SIP INFO)',
};
export const DTMF_OPTIONS = DTMF_MODES.map((m) => ({ value: m, label: DTMF_LABELS[m] }));

export const STATUS_COLORS: Record<(typeof TRUNK_STATUSES)[number], string> = { registered: 'teal', unreachable: 'red', unknown: 'gray' };
export const STATUS_HINTS: Record<(typeof TRUNK_STATUSES)[number], string> = {
  registered: 'Asterisk holds a live contact for the carrier',
  unreachable: 'Only expired contacts: the carrier stopped answering',
  unknown: 'Nothing stored tells yet (a static contact or a registration is seen live once Asterisk is connected)',
};

/** A random secret of printable characters without spaces or quotes, for the carrier to authenticate with. */
export function generateSecret(length = 24): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
