/**
 * Safe links in chat text. Text is split into plain parts and URL parts; a URL part becomes a link
 * only when it parses as http(s). The caller puts every part in as text (textContent), so no markup
 * in a message is ever interpreted.
 */

export type TextPart = { text: string; href?: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/gi;
// Punctuation that usually ends the sentence, not the link.
const TRAILING = '.,;:!?)]}\'"';

/** Drop trailing sentence punctuation; a `)` stays when it closes a `(` inside the URL (Wikipedia style). */
function trimUrl(raw: string): string {
  let s = raw;
  while (s && TRAILING.includes(s[s.length - 1])) {
    if (s.endsWith(')') && s.split('(').length > s.split(')').length - 1) break;
    s = s.slice(0, -1);
  }
  return s;
}

/** The absolute http(s) URL for a candidate, or null (javascript:, data:, garbage). */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(/^www\./i.test(candidate) ? `https://${candidate}` : candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Split text into plain and link parts. */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = trimUrl(m[0]);
    const start = m.index ?? 0;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Message text as DOM: text nodes and safe anchors (new tab, no opener, no referrer). */
export function renderText(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const p of linkParts(text)) {
    if (!p.href) {
      frag.appendChild(document.createTextNode(p.text));
      continue;
    }
    const a = document.createElement('a');
    a.href = p.href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer nofollow';
    a.textContent = p.text;
    frag.appendChild(a);
  }
  return frag;
}
