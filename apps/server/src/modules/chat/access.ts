import { BlockList, isIP } from 'node:net';

/**
 * Where a widget may run and who may use it. Pure functions: the public routes and the visitor
 * socket call them with the request's Origin header and client address.
 */

/** Default port of an origin's scheme (for patterns that name a port). */
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Is a page at `origin` (the Origin header: `https://shop.example.com`) allowed by the widget's
 * domain patterns? Empty patterns allow any page. `example.com` matches that host only;
 * `*.example.com` matches every sub-domain (not the bare domain); a `:port` in a pattern must
 * match too. A missing or opaque (`null`) origin is refused when there are patterns.
 */
export function originAllowed(patterns: readonly string[], origin: string | undefined): boolean {
  if (patterns.length === 0) return true;
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const port = url.port || DEFAULT_PORT[url.protocol];
  return patterns.some((p) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(p.toLowerCase()) as RegExpExecArray;
    const [, hostPattern, portPattern] = m;
    if (portPattern && portPattern !== port) return false;
    if (hostPattern.startsWith('*.')) return host.endsWith(hostPattern.slice(1)) && host.length > hostPattern.length - 1;
    return host === hostPattern;
  });
}

/** `::ffff:203.0.113.5` (an IPv4 client on a dual-stack socket) is `203.0.113.5`. */
export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
}

/** Is `ip` inside one of the addresses or CIDR blocks? Empty list allows every address. */
export function ipAllowed(ranges: readonly string[], ip: string | undefined): boolean {
  if (ranges.length === 0) return true;
  if (!ip) return false;
  const addr = normalizeIp(ip);
  const family = isIP(addr);
  if (!family) return false;
  const list = new BlockList();
  for (const r of ranges) {
    const [base, bits] = r.split('/');
    const f = isIP(base);
    if (!f) continue;
    const type = f === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(bits), type);
  }
  return list.check(addr, family === 6 ? 'ipv6' : 'ipv4');
}
