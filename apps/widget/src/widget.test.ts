import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM build script without type declarations
import { buildWidget } from '../build.mjs';
import { fill, textsFor } from './i18n';
import { linkParts, safeHref } from './links';
import { textOn } from './widget';

/** The budget the README promises: the whole widget in one script of at most 30 KB gzipped. */
const BUDGET_GZIP = 30 * 1024;

describe('widget bundle', () => {
  it('builds into one self-contained script within 30 KB gzipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-widget-'));
    try {
      const file = join(dir, 'widget.js');
      await buildWidget(file);
      const code = readFileSync(file);
      const gz = gzipSync(code, { level: 9 }).length;
      console.log(`widget.js: ${(code.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`);
      expect(gz).toBeLessThanOrEqual(BUDGET_GZIP);
      const text = code.toString('utf8');
      // One IIFE: nothing to import at run time, no global leaked by a top-level declaration.
      expect(text).not.toMatch(/^\s*import[\s{]/m);
      expect(text.trimStart()).toMatch(/^("use strict";)?\(\(\)=>\{/);
      // Nothing in the widget parses HTML.
      expect(text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('safe links', () => {
  it('turns http(s) and www links into parts with an absolute href and keeps the rest as text', () => {
    expect(linkParts('see https://example.com/a?b=1, or www.example.org.')).toEqual([
      { text: 'see ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', or ' },
      { text: 'www.example.org', href: 'https://www.example.org/' },
      { text: '.' },
    ]);
  });

  it('never links other schemes, and markup stays plain text', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>x</b>')).toBeNull();
    expect(linkParts('javascript:alert(1) <img src=x onerror=alert(1)>')).toEqual([{ text: 'javascript:alert(1) <img src=x onerror=alert(1)>' }]);
    // A quote or angle bracket ends a URL, so it cannot smuggle attributes.
    expect(linkParts('http://a.example/"onmouseover="x')).toEqual([{ text: 'http://a.example/', href: 'http://a.example/' }, { text: '"onmouseover="x' }]);
  });

  it('keeps a closing parenthesis that belongs to the URL', () => {
    expect(linkParts('(https://en.wikipedia.org/wiki/Foo_(bar))')[1]).toEqual({
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
      href: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    });
  });
});

describe('texts', () => {
  it('uses the tenant locale with English for what is missing and for unknown locales', () => {
    expect(textsFor('de').send).toBe('Senden');
    expect(textsFor('de-AT').rate).toBe('Wie war Ihr Chat?');
    expect(textsFor('fr').send).toBe('Envoyer');
    expect(textsFor('fr').reconnecting).toBe(textsFor('en').reconnecting);
    expect(textsFor('xx').send).toBe('Send');
    expect(textsFor(null).send).toBe('Send');
    expect(fill(textsFor('en').queue, { n: 3 })).toBe('You are number 3 in the queue.');
  });

  it('every German text is translated', () => {
    const en = textsFor('en');
    const de = textsFor('de');
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === de[k as keyof typeof de] && !['name', 'lang'].includes(k));
    expect(same).toEqual([]);
  });
});

describe('brand color', () => {
  it('picks dark text on light colors and white on dark ones', () => {
    expect(textOn('#ffd400')).toBe('#111');
    expect(textOn('#1f6feb')).toBe('#fff');
    expect(textOn('not a color')).toBe('#fff');
  });
});
