/**
 * Extensions: from API input to a `tel_extensions` row, and from that row to the PJSIP rows
 * Asterisk reads, all named `<tenant>-<number>` (`acme-1001`), which is also the SIP user name:
 * - `ps_endpoints`: context `<tenant>-internal`, `tenantid`/`accountcode` = slug, `set_var`
 *   `TENANT=<slug>;CDR(tenant_id)=<slug>`, caller ID `"Name" <number>`, NAT-friendly media
 *   (phones sit behind NAT), `mailboxes` `<box>@<slug>` when a voicemail box is set (voicemail
 *   context = tenant slug). WebRTC: WSS transport, `webrtc=yes` with DTLS-SRTP (auto-generated
 *   certificate), ICE, AVPF, rtcp-mux, opus first.
 * - `ps_auths`: `userpass`, user name = endpoint id, the generated password.
 * - `ps_aors`: `max_contacts`, `remove_existing=yes` (a new registration replaces the oldest).
 *
 * Outbound permission, recording and the external caller ID have no PJSIP column: they are
 * applied by call control (the Stasis app) from this table when it handles the extension's calls.
 */
import { randomBytes } from 'node:crypto';
import type { CreateExtensionBody, UpdateExtensionBody } from '@switchboard/shared';
import type { Config } from '../../../config.js';
import type { TelExtensionsTable } from '../../../db/schema.js';
import { type AraRow, type PjsipObject, PJSIP_TRANSPORTS, internalContext, tenantColumns } from '../pjsip.js';

/** An extension's stored values, without identity, secret and timestamps. */
export type ExtensionValues = Omit<TelExtensionsTable, 'id' | 'tenant_id' | 'sip_password' | 'created_at' | 'updated_at'>;

const SIP_CODECS = 'ulaw,alaw,g722,opus';
const WEBRTC_CODECS = 'opus,ulaw,alaw,g722';

export const extensionEndpointId = (slug: string, number: string) => `${slug}-${number}`;

/** A strong SIP password: 144 random bits, 24 URL-safe characters (fits `ps_auths.password`, easy to paste). */
export function generateSipPassword(): string {
  return randomBytes(18).toString('base64url');
}

const bit = (b: boolean) => (b ? 1 : 0);

/** Merge the input over the stored extension (null: a new one, defaults apply). `number` must be resolved already. */
export function applyExtensionInput(
  slug: string,
  base: ExtensionValues | null,
  input: CreateExtensionBody | UpdateExtensionBody,
  number: string,
): ExtensionValues {
  return {
    number,
    endpoint_id: extensionEndpointId(slug, number),
    display_name: input.display_name ?? base?.display_name ?? '',
    user_id: input.user_id === undefined ? (base?.user_id ?? null) : input.user_id,
    max_contacts: input.max_contacts ?? base?.max_contacts ?? 3,
    webrtc: input.webrtc === undefined ? (base?.webrtc ?? 0) : bit(input.webrtc),
    recording: input.recording === undefined ? (base?.recording ?? 0) : bit(input.recording),
    voicemail_box_id: input.voicemail_box_id === undefined ? (base?.voicemail_box_id ?? null) : input.voicemail_box_id,
    outbound_permission: input.outbound_permission ?? base?.outbound_permission ?? 'national',
    caller_id_number: input.caller_id_number === undefined ? (base?.caller_id_number ?? null) : input.caller_id_number,
  };
}

/** `"Name" <number>` within `ps_endpoints.callerid`'s 40 characters (quotes and brackets dropped from the name). */
export function callerIdOf(displayName: string, number: string): string {
  const room = 40 - ` <${number}>`.length - 2;
  const name = displayName
    .replace(/["<>\\]/g, '')
    .trim()
    .slice(0, room)
    .trim();
  return name ? `"${name}" <${number}>` : `<${number}>`;
}

/** The voicemail box Asterisk finds for MWI: `<mailbox>@<tenant slug>` (the tenant's voicemail context). */
export const mailboxRef = (slug: string, mailbox: string) => `${mailbox}@${slug}`;

/** The PJSIP rows of an extension; `mailbox` is the number of its voicemail box (or null). */
export function extensionPjsip(slug: string, e: ExtensionValues, password: string, mailbox: string | null): PjsipObject {
  const id = e.endpoint_id;
  const webrtc = Number(e.webrtc) === 1;
  const endpoint: AraRow = {
    id,
    transport: webrtc ? PJSIP_TRANSPORTS.wss : null,
    aors: id,
    auth: id,
    context: internalContext(slug),
    disallow: 'all',
    allow: webrtc ? WEBRTC_CODECS : SIP_CODECS,
    direct_media: 'no',
    rtp_symmetric: 'yes',
    force_rport: 'yes',
    rewrite_contact: 'yes',
    dtmf_mode: 'rfc4733',
    callerid: callerIdOf(e.display_name, e.number),
    mailboxes: mailbox ? mailboxRef(slug, mailbox) : null,
    ...tenantColumns(slug),
  };
  if (webrtc)
    Object.assign(endpoint, {
      webrtc: 'yes',
      use_avpf: 'yes',
      media_encryption: 'dtls',
      dtls_auto_generate_cert: 'yes',
      dtls_verify: 'fingerprint',
      dtls_setup: 'actpass',
      ice_support: 'yes',
      media_use_received_transport: 'yes',
      rtcp_mux: 'yes',
    });
  return {
    endpoint,
    aor: { id, max_contacts: Number(e.max_contacts), remove_existing: 'yes' },
    auths: [{ id, auth_type: 'userpass', username: id, password }],
  };
}

/**
 * Where phones register: `SIP_DOMAIN` / `SIP_WSS_URL` when configured, otherwise derived from
 * PUBLIC_URL's host (SIP on 5060; the WebSocket on port 8089, path `/ws`, where the kit's README
 * puts the TLS proxy in front of Asterisk's /ws), and says which values were configured.
 */
export function sipServer(config: Pick<Config, 'publicUrl' | 'sipDomain' | 'sipWssUrl'>) {
  const host = new URL(config.publicUrl).hostname;
  const domain = config.sipDomain ?? host;
  const wss = config.sipWssUrl ?? `wss://${domain.includes(':') && !domain.startsWith('[') ? `[${domain}]` : domain}:8089/ws`;
  return { domain, wss, domainConfigured: !!config.sipDomain, wssConfigured: !!config.sipWssUrl };
}
