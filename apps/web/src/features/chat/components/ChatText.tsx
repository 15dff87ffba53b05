import { Anchor } from '@mantine/core';
import { Fragment } from 'react';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+/gi;
const TRAILING = '.,;:!?)]}\'"';

function trimUrl(raw: string): string {
  let s = raw;
  while (s && TRAILING.includes(s[s.length - 1])) {
    if (s.endsWith(')') && s.split('(').length > s.split(')').length - 1) break;
    s = s.slice(0, -1);
  }
  return s;
}

/** The absolute http(s) URL, or null for any other scheme. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(/^www\./i.test(candidate) ? `https://${candidate}` : candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Chat text as React text nodes (never HTML) with http(s) links made clickable: new tab, no opener,
 * no referrer. Visitor text is untrusted; React escapes it, and only http(s) URLs become links.
 */
export function ChatText({ text }: { text: string }) {
  const parts: Array<{ at: number; text: string; href?: string }> = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const raw = trimUrl(m[0]);
    const href = safeHref(raw);
    const start = m.index ?? 0;
    if (!href) continue;
    if (start > last) parts.push({ at: last, text: text.slice(last, start) });
    parts.push({ at: start, text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ at: last, text: text.slice(last) });
  return (
    <>
      {parts.map((p) =>
        p.href ? (
          <Anchor key={p.at} href={p.href} target="_blank" rel="noopener noreferrer nofollow" c="inherit" td="underline">
            {p.text}
          </Anchor>
        ) : (
          <Fragment key={p.at}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}
