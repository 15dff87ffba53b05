/**
 * SIP trunks: from API input to a `tel_trunks` row (defaults, cross-field rules) and from that row
 * to the PJSIP rows Asterisk reads.
 *
 * Asterisk objects of a trunk, all named `<tenant>-trunk-<name slug>` (`acme-trunk-carrierx`):
 * - `ps_endpoints`: context `<tenant>-inbound`, the trunk's transport, codecs (`disallow=all`,
 *   `allow=` in order), DTMF and NAT options, From user/domain, tenant columns. Inbound calls are
 *   recognised by source address (`identify_by=ip` + `ps_endpoint_id_ips`) or by digest credentials
 *   (`identify_by=auth_username`: the carrier authenticates with the endpoint id as user name, which
 *   is how Asterisk's auth_username identifier finds the endpoint; `auth` = the inbound auth).
 * - `ps_aors`: a static `contact` `sip:host:port` (with `;transport=` for TCP/TLS), qualified every 60 s.
 * - `ps_auths`: `<id>` (inbound credentials, only for `credentials`) and `<id>_oauth` (what we
 *   present to the carrier: `outbound_auth` of the endpoint and of the registration).
 * - `ps_registrations`: only while registration is on; `line=yes` + `endpoint` so calls the carrier
 *   sends to the registered contact are matched to this trunk.
 * - `ps_endpoint_id_ips`: one row per IP/CIDR (`<id>_ip<n>`), only for `ip`.
 *
 * Caller ID and max channels have no per-endpoint column Asterisk would apply to calls *out* through
 * a trunk (`ps_endpoints.callerid` would overwrite the caller ID of calls coming *in*). Both are
 * kept here for call control: when the Stasis app dials out through a trunk it sets the caller ID,
 * and it refuses a new call in or out once the trunk's active channels (ARI channels whose
 * endpoint is this trunk) reach `max_channels`.
 */
import { type CreateTrunkBody, DEFAULT_TRUNK_CODECS, type Trunk, type UpdateTrunkBody, trunkNameSlug } from '@switchboard/shared';
import type { TelTrunksTable } from '../../../db/schema.js';
import { parseJson } from '../../../db/query.js';
import { type FieldError, validation } from '../../../http/errors.js';
import { type AraRow, type PjsipContact, type PjsipObject, PJSIP_TRANSPORTS, inboundContext, outboundAuthId, sipUri, tenantColumns, yesNo } from '../pjsip.js';

/** A trunk's stored values (a `tel_trunks` row without identity and timestamps). */
export type TrunkValues = Omit<TelTrunksTable, 'id' | 'tenant_id' | 'created_at' | 'updated_at'>;

/** Seconds between registration attempts, and the attempts before Asterisk gives up (effectively never). */
const REGISTRATION_RETRY_INTERVAL = 60;
const REGISTRATION_FORBIDDEN_RETRY_INTERVAL = 300;
const REGISTRATION_MAX_RETRIES = 10_000;
/** Seconds between OPTIONS pings of the carrier's static contact. */
const QUALIFY_FREQUENCY = 60;

export const trunkEndpointId = (slug: string, name: string) => `${slug}-trunk-${trunkNameSlug(name)}`;

const bit = (b: boolean) => (b ? 1 : 0);

/**
 * Merge the input over the stored trunk (null: a new one, defaults apply) and check the rules
 * between fields. Throws 400 naming every field at fault.
 */
export function applyTrunkInput(slug: string, base: TrunkValues | null, input: CreateTrunkBody | UpdateTrunkBody): TrunkValues {
  const errors: FieldError[] = [];
  const transport = input.transport ?? (base?.transport as TrunkValues['transport'] | undefined) ?? 'udp';
  const name = input.name ?? base?.name ?? '';
  const v: TrunkValues = {
    name,
    endpoint_id: trunkEndpointId(slug, name),
    host: input.host ?? base?.host ?? '',
    port: input.port ?? base?.port ?? (transport === 'tls' ? 5061 : 5060),
    transport,
    register: input.register === undefined ? (base?.register ?? 0) : bit(input.register),
    registration_expiration: input.registration_expiration ?? base?.registration_expiration ?? 3600,
    outbound_username: base?.outbound_username ?? null,
    outbound_secret: base?.outbound_secret ?? null,
    inbound_auth: input.inbound_auth ?? base?.inbound_auth ?? 'ip',
    inbound_ips: base?.inbound_ips ?? '[]',
    inbound_secret: base?.inbound_secret ?? null,
    from_user: input.from_user === undefined ? (base?.from_user ?? null) : input.from_user,
    from_domain: input.from_domain === undefined ? (base?.from_domain ?? null) : input.from_domain,
    codecs: input.codecs ? input.codecs.join(',') : (base?.codecs ?? DEFAULT_TRUNK_CODECS.join(',')),
    dtmf_mode: input.dtmf_mode ?? base?.dtmf_mode ?? 'rfc4733',
    rtp_symmetric: input.rtp_symmetric === undefined ? (base?.rtp_symmetric ?? 1) : bit(input.rtp_symmetric),
    force_rport: input.force_rport === undefined ? (base?.force_rport ?? 1) : bit(input.force_rport),
    rewrite_contact: input.rewrite_contact === undefined ? (base?.rewrite_contact ?? 1) : bit(input.rewrite_contact),
    direct_media: input.direct_media === undefined ? (base?.direct_media ?? 0) : bit(input.direct_media),
    caller_id_number: input.caller_id_number === undefined ? (base?.caller_id_number ?? null) : input.caller_id_number,
    max_channels: input.max_channels === undefined ? (base?.max_channels ?? null) : input.max_channels,
  };

  // Outbound credentials: the secret is write-only; a new user name without one keeps the stored secret.
  if (input.outbound_auth === null) {
    v.outbound_username = null;
    v.outbound_secret = null;
  } else if (input.outbound_auth) {
    v.outbound_username = input.outbound_auth.username;
    v.outbound_secret = input.outbound_auth.secret ?? base?.outbound_secret ?? null;
    if (!v.outbound_secret) errors.push({ field: 'outbound_auth.secret', message: 'Required (no secret is stored yet)' });
  }
  if (v.register && !v.outbound_username)
    errors.push({ field: 'register', message: 'Registration needs outbound_auth (the user name and secret at the carrier)' });

  // Inbound: by IP (identify rows) or by credentials (the carrier authenticates as the endpoint id).
  if (v.inbound_auth === 'credentials') {
    if (input.inbound_ips?.length) errors.push({ field: 'inbound_ips', message: 'Only used with inbound_auth ip' });
    v.inbound_ips = '[]';
    v.inbound_secret = input.inbound_secret ?? v.inbound_secret;
    if (!v.inbound_secret) errors.push({ field: 'inbound_secret', message: 'Required for inbound_auth credentials' });
    // ps_auths.username (the endpoint id here) holds 40 characters.
    if (v.endpoint_id.length > 40)
      errors.push({ field: 'name', message: `Too long for credential authentication: the user name ${v.endpoint_id} must be at most 40 characters` });
  } else {
    if (input.inbound_secret !== undefined) errors.push({ field: 'inbound_secret', message: 'Only used with inbound_auth credentials' });
    v.inbound_secret = null;
    if (input.inbound_ips) v.inbound_ips = JSON.stringify([...new Set(input.inbound_ips)]);
  }
  if (errors.length) throw validation(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return v;
}

/** The PJSIP rows of a trunk. */
export function trunkPjsip(slug: string, t: TrunkValues): PjsipObject {
  const id = t.endpoint_id;
  const transport = t.transport as 'udp' | 'tcp' | 'tls';
  const credentials = t.inbound_auth === 'credentials';
  const oauth = t.outbound_username ? outboundAuthId(id) : null;
  const endpoint: AraRow = {
    id,
    transport: PJSIP_TRANSPORTS[transport],
    aors: id,
    auth: credentials ? id : null,
    outbound_auth: oauth,
    context: inboundContext(slug),
    disallow: 'all',
    allow: t.codecs,
    dtmf_mode: t.dtmf_mode,
    rtp_symmetric: yesNo(t.rtp_symmetric),
    force_rport: yesNo(t.force_rport),
    rewrite_contact: yesNo(t.rewrite_contact),
    direct_media: yesNo(t.direct_media),
    from_user: t.from_user,
    from_domain: t.from_domain,
    identify_by: credentials ? 'auth_username' : 'ip',
    ...tenantColumns(slug),
  };
  const auths: AraRow[] = [];
  if (credentials && t.inbound_secret) auths.push({ id, auth_type: 'userpass', username: id, password: t.inbound_secret });
  if (oauth) auths.push({ id: oauth, auth_type: 'userpass', username: t.outbound_username, password: t.outbound_secret });
  const ips = credentials ? [] : trunkIps(t);
  return {
    endpoint,
    aor: { id, contact: sipUri(t.host, t.port, transport), qualify_frequency: QUALIFY_FREQUENCY },
    auths,
    identifies: ips.map((match, i) => ({ id: `${id}_ip${i + 1}`, endpoint: id, match })),
    registration: t.register
      ? {
          id,
          server_uri: sipUri(t.host, t.port, transport),
          client_uri: sipUri(t.host, t.port, transport, t.outbound_username),
          outbound_auth: oauth,
          retry_interval: REGISTRATION_RETRY_INTERVAL,
          forbidden_retry_interval: REGISTRATION_FORBIDDEN_RETRY_INTERVAL,
          max_retries: REGISTRATION_MAX_RETRIES,
          auth_rejection_permanent: 'no',
          expiration: t.registration_expiration,
          transport: PJSIP_TRANSPORTS[transport],
          line: 'yes',
          endpoint: id,
        }
      : null,
  };
}

export const trunkIps = (t: Pick<TrunkValues, 'inbound_ips'>): string[] => parseJson<string[]>(t.inbound_ips, []);

/**
 * Live state from what Asterisk stored: an unexpired contact of the endpoint → `registered`; only
 * expired ones → `unreachable`; none → `unknown` (static contacts and outbound registration state
 * are not stored by Asterisk; ARI endpoint state joins once Asterisk is connected).
 */
export function trunkStatus(contacts: PjsipContact[]): Trunk['status'] {
  if (contacts.some((c) => !c.expired)) return 'registered';
  return contacts.length ? 'unreachable' : 'unknown';
}
