import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

/** SIP transports a trunk may use (each maps to a transport of the Asterisk kit's pjsip.conf). */
export const SIP_TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type SipTransport = (typeof SIP_TRANSPORTS)[number];

/** Codecs Switchboard knows (Asterisk format names), for a trunk's ordered allow list. */
export const CODECS = ['ulaw', 'alaw', 'g722', 'opus', 'g729', 'gsm', 'ilbc', 'g726', 'speex'] as const;
export type Codec = (typeof CODECS)[number];

/** DTMF modes: Asterisk's `pjsip_dtmf_mode_values_v3`. */
export const DTMF_MODES = ['rfc4733', 'inband', 'info', 'auto', 'auto_info'] as const;

/** How a trunk's inbound calls are recognised: by source address (`ip`) or by digest credentials. */
export const TRUNK_INBOUND_AUTH = ['ip', 'credentials'] as const;

/**
 * A trunk's live state: `registered` = Asterisk holds an unexpired contact of the trunk's endpoint in
 * `ps_contacts`; `unreachable` = it holds only expired ones; `unknown` = nothing Asterisk stored tells
 * (a static contact's qualify result and an outbound registration's state live in Asterisk's memory:
 * they join from ARI once Asterisk is connected).
 */
export const TRUNK_STATUSES = ['registered', 'unreachable', 'unknown'] as const;

/** Outbound call permission of an extension (enforced by call control when it dials out). */
export const OUTBOUND_PERMISSIONS = ['none', 'national', 'international'] as const;

/** Registration state of an extension: at least one unexpired contact, or none. */
export const EXTENSION_STATUSES = ['registered', 'unregistered'] as const;

/** Default codecs of a new trunk. */
export const DEFAULT_TRUNK_CODECS: Codec[] = ['ulaw', 'alaw'];

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
/** A DNS host name (letters, digits, dashes; dot-separated labels) or an IPv4/IPv6 literal. */
export function isHostOrIp(v: string): boolean {
  if (z.ipv4().safeParse(v).success || z.ipv6().safeParse(v).success) return true;
  if (v.length > 253 || /^[0-9.]+$/.test(v)) return false;
  return v.split('.').every((l) => LABEL.test(l));
}

/** An IPv4/IPv6 address or CIDR block. */
export function isIpOrCidr(v: string): boolean {
  return [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()].some((s) => s.safeParse(v).success);
}

/** The slug a trunk's name gives its Asterisk ids (`Carrier X` → `carrier-x`), at most 40 characters. */
export function trunkNameSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
}

const Host = z.string().trim().toLowerCase().max(253).refine(isHostOrIp, 'A host name or an IP address');
/** Characters a SIP URI user part may hold (RFC 3261 unreserved and user-unreserved, without `;,?/`). */
const SipUser = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9\-_.!~*'()&=+$]+$/, "Letters, digits and - _ . ! ~ * ' ( ) & = + $ only");
/** A secret: printable ASCII without spaces. */
const Secret = (min: number) =>
  z
    .string()
    .min(min)
    .max(80)
    .regex(/^[\x21-\x7e]+$/, 'Printable characters without spaces');
const CallerIdNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{2,20}$/, 'Digits, optionally with a leading +');
const Flag = z.boolean();

// ------------------------------------------------------------------------------------------------
// Trunks
// ------------------------------------------------------------------------------------------------

/** Credentials Switchboard presents to the carrier (REGISTER and challenged INVITEs). */
export const TrunkOutboundAuthInput = z.object({
  /** User name at the carrier. */
  username: SipUser,
  /** Password at the carrier (write-only; omit on update to keep the stored one). */
  secret: Secret(1).optional(),
});

/** Fields of a trunk; every one optional on update. Defaults apply on create only. */
const TrunkFields = z.object({
  /** Unique name in the tenant; its slug names the Asterisk objects (`<tenant>-trunk-<slug>`). */
  name: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .refine((n) => n === '' || /^[a-z]/.test(trunkNameSlug(n)), 'Must start with a letter (a–z)'),
  /** Carrier host name or IP address. */
  host: Host,
  /** Carrier SIP port; default 5060 (5061 for TLS). */
  port: z.number().int().min(1).max(65535),
  /** SIP transport; default `udp`. */
  transport: z.enum(SIP_TRANSPORTS),
  /** Send an outbound REGISTER to the carrier (needs `outbound_auth`); default false. */
  register: Flag,
  /** Registration expiry asked of the carrier, in seconds; default 3600. */
  registration_expiration: z.number().int().min(60).max(86_400),
  /** Credentials presented to the carrier, or null for none (IP-authenticated at the carrier). */
  outbound_auth: TrunkOutboundAuthInput.nullable(),
  /** How inbound calls from the carrier are recognised; default `ip`. */
  inbound_auth: z.enum(TRUNK_INBOUND_AUTH),
  /** Source addresses (IP or CIDR) of the carrier's signalling, for `inbound_auth: ip`. */
  inbound_ips: z.array(z.string().trim().toLowerCase().refine(isIpOrCidr, 'An IP address or CIDR block, e.g. 203.0.113.10 or 203.0.113.0/24')).max(20),
  /** Password the carrier uses to authenticate to us as `inbound_username` (write-only), for `inbound_auth: credentials`. */
  inbound_secret: Secret(12),
  /** User part of the From header on outbound calls. */
  from_user: SipUser.nullable(),
  /** Domain of the From header on outbound calls. */
  from_domain: z.string().trim().toLowerCase().max(40).refine(isHostOrIp, 'A host name or an IP address').nullable(),
  /** Allowed codecs in order of preference; default `ulaw, alaw`. */
  codecs: z
    .array(z.enum(CODECS))
    .min(1)
    .max(CODECS.length)
    .refine((c) => new Set(c).size === c.length, 'Each codec once'),
  /** DTMF mode; default `rfc4733`. */
  dtmf_mode: z.enum(DTMF_MODES),
  /** Send RTP back to where it came from (NAT); default true. */
  rtp_symmetric: Flag,
  /** Reply to the source port of requests (NAT); default true. */
  force_rport: Flag,
  /** Rewrite the Contact to the source address (NAT); default true. */
  rewrite_contact: Flag,
  /** Let media flow directly between the endpoints; default false. */
  direct_media: Flag,
  /** Default caller ID number for calls out through this trunk (applied by call control when it dials). */
  caller_id_number: CallerIdNumber.nullable(),
  /** Most simultaneous calls through the trunk, null for no limit (enforced by call control). */
  max_channels: z.number().int().min(1).max(100_000).nullable(),
});

/** POST /telephony/trunks body. */
export const CreateTrunkBody = TrunkFields.partial().required({ name: true, host: true });
export type CreateTrunkBody = z.infer<typeof CreateTrunkBody>;
/** PATCH /telephony/trunks/:id body. */
export const UpdateTrunkBody = TrunkFields.partial();
export type UpdateTrunkBody = z.infer<typeof UpdateTrunkBody>;

/** A SIP trunk. Secrets are never returned: `has_secret` tells whether one is stored. */
export const Trunk = z.object({
  id: Id,
  name: z.string(),
  /** The Asterisk endpoint id (also of its aor, auth, registration): `<tenant>-trunk-<name slug>`. */
  endpoint: z.string(),
  host: z.string(),
  port: z.number().int(),
  transport: z.enum(SIP_TRANSPORTS),
  register: z.boolean(),
  registration_expiration: z.number().int(),
  /** Credentials presented to the carrier. */
  outbound_auth: z.object({ username: z.string(), has_secret: z.boolean() }).nullable(),
  inbound_auth: z.enum(TRUNK_INBOUND_AUTH),
  inbound_ips: z.array(z.string()),
  /** The user name the carrier authenticates with (the endpoint id), for `inbound_auth: credentials`. */
  inbound_username: z.string().nullable(),
  /** Whether an inbound password is stored. */
  has_inbound_secret: z.boolean(),
  from_user: z.string().nullable(),
  from_domain: z.string().nullable(),
  codecs: z.array(z.enum(CODECS)),
  dtmf_mode: z.enum(DTMF_MODES),
  rtp_symmetric: z.boolean(),
  force_rport: z.boolean(),
  rewrite_contact: z.boolean(),
  direct_media: z.boolean(),
  caller_id_number: z.string().nullable(),
  max_channels: z.number().int().nullable(),
  /** Live state (see TRUNK_STATUSES). */
  status: z.enum(TRUNK_STATUSES),
  /** Whether Asterisk's `ps_registrations` holds the trunk's outbound registration. */
  registration_configured: z.boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Trunk = z.infer<typeof Trunk>;

/** GET /telephony/trunks query. */
export const TrunkListQuery = PageQuery.extend({
  /** Search over name and host. */
  q: z.string().max(100).optional(),
  sort: z.enum(['name', '-name', 'created_at', '-created_at']).default('name'),
});

// ------------------------------------------------------------------------------------------------
// Extensions
// ------------------------------------------------------------------------------------------------

/** Fields of an extension; every one optional on update. Defaults apply on create only. */
const ExtensionFields = z.object({
  /** Extension number: exactly the tenant's `settings.extension_digits` digits, unique in the tenant. Omitted on create: the lowest free one. */
  number: z
    .string()
    .trim()
    .regex(/^[0-9]{2,6}$/, '2 to 6 digits'),
  /** Name shown to the people it calls. */
  display_name: z.string().trim().min(1).max(100),
  /** The tenant member who uses it (an agent's extension), at most one extension per user. */
  user_id: Id.nullable(),
  /** Devices that may register at once; default 3. */
  max_contacts: z.number().int().min(1).max(20),
  /** Browser softphone (WSS, DTLS-SRTP, ICE, opus first); needs the `webrtc` feature; default false. */
  webrtc: Flag,
  /** Record its calls; needs the `recording` feature; default false. */
  recording: Flag,
  /** Voicemail box (a `tel_voicemail_boxes` id of this tenant) for unanswered calls and MWI. */
  voicemail_box_id: Id.nullable(),
  /** Where it may call out to; default `national`. */
  outbound_permission: z.enum(OUTBOUND_PERMISSIONS),
  /** Caller ID number shown on calls out through a trunk (applied by call control when it dials). */
  caller_id_number: CallerIdNumber.nullable(),
});

/** POST /telephony/extensions body. */
export const CreateExtensionBody = ExtensionFields.partial().required({ display_name: true });
export type CreateExtensionBody = z.infer<typeof CreateExtensionBody>;
/** PATCH /telephony/extensions/:id body. */
export const UpdateExtensionBody = ExtensionFields.partial();
export type UpdateExtensionBody = z.infer<typeof UpdateExtensionBody>;

/** A device registration Asterisk holds for an extension (a `ps_contacts` row). */
export const SipContact = z.object({
  /** Where Asterisk sends requests for it. */
  uri: z.string(),
  user_agent: z.string().nullable(),
  /** Source address of the REGISTER. */
  via_address: z.string().nullable(),
  via_port: z.number().int().nullable(),
  /** When the registration expires. */
  expires_at: Timestamp,
  /** The Asterisk node that holds it (its `systemname`). */
  reg_server: z.string().nullable(),
});
export type SipContact = z.infer<typeof SipContact>;

/** An extension (a phone or softphone of the tenant). */
export const Extension = z.object({
  id: Id,
  number: z.string(),
  display_name: z.string(),
  user_id: Id.nullable(),
  /** The linked member's name and email (null when unlinked or no longer a member). */
  user: z.object({ id: Id, name: z.string(), email: z.string() }).nullable(),
  /** The Asterisk endpoint id, which is also the SIP user name: `<tenant>-<number>`. */
  endpoint: z.string(),
  max_contacts: z.number().int(),
  webrtc: z.boolean(),
  recording: z.boolean(),
  voicemail_box_id: Id.nullable(),
  outbound_permission: z.enum(OUTBOUND_PERMISSIONS),
  caller_id_number: z.string().nullable(),
  /** Registration state from Asterisk's `ps_contacts` (ARI device state joins when Asterisk is connected). */
  status: z.enum(EXTENSION_STATUSES),
  /** Unexpired registrations, newest expiry first. */
  contacts: z.array(SipContact),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Extension = z.infer<typeof Extension>;

/** An extension with its SIP password: only in the answers of create and reset-password. */
export const ExtensionWithPassword = Extension.extend({
  /** The generated SIP password, shown this once. */
  sip_password: z.string(),
});

/** GET /telephony/extensions query. */
export const ExtensionListQuery = PageQuery.extend({
  /** Search over number and display name. */
  q: z.string().max(100).optional(),
  user_id: Id.optional(),
  sort: z.enum(['number', '-number', 'display_name', '-display_name', 'created_at', '-created_at']).default('number'),
});

/** What to type into a softphone for an extension (the password was shown once, at creation or reset). */
export const SoftphoneSettings = z.object({
  /** SIP user name (and authentication user name). */
  username: z.string(),
  auth_username: z.string(),
  /** SIP domain / registrar host the phone registers to. */
  domain: z.string(),
  /** SIP port for UDP/TCP (null for WebRTC). */
  port: z.number().int().nullable(),
  /** `udp` for desk phones and SIP softphones, `wss` for the browser. */
  transport: z.enum(['udp', 'wss']),
  /** Secure WebSocket URL of Asterisk for WebRTC phones (null unless WebRTC is on). */
  wss_url: z.string().nullable(),
  display_name: z.string(),
  number: z.string(),
  /** How the values were found: configured, or derived from the public URL. */
  source: z.enum(['configured', 'derived_from_public_url']),
});
export type SoftphoneSettings = z.infer<typeof SoftphoneSettings>;
