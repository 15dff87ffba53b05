/**
 * A tolerant reader of Asterisk configuration files (and of unixODBC's odbc.ini/odbcinst.ini,
 * which share the shape): `[section]` or `[section](template)`, `key = value` or `key => value`,
 * `;` comments (`\;` is a literal semicolon), `#include "file"`, blank lines and any spacing.
 * The kit renders through it to prove every file it writes parses, and the tests read the
 * rendered and the verified files with it.
 */

export interface ConfEntry {
  key: string;
  value: string;
  /** 1-based line number in the file. */
  line: number;
}

export interface ConfSection {
  name: string;
  /** What follows the name in parentheses (`!` for a template, or the templates it uses). */
  options: string | null;
  entries: ConfEntry[];
}

export interface Conf {
  sections: ConfSection[];
  /** Files named by `#include` / `#tryinclude`, in order. */
  includes: string[];
  /** All sections with this name (Asterisk merges repeated contexts in extensions.conf). */
  all(name: string): ConfSection[];
  /** Whether a section of this name exists. */
  has(name: string): boolean;
  /** Every value of `key` in section `name`, in file order. */
  values(name: string, key: string): string[];
  /** The last value of `key` in section `name` (later settings win), or undefined. */
  value(name: string, key: string): string | undefined;
}

export class ConfParseError extends Error {}

/** Strip a `;` comment, keeping escaped `\;` (unescaped in the result). */
function stripComment(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ';') {
      if (i > 0 && line[i - 1] === '\\') {
        out = `${out.slice(0, -1)};`;
        continue;
      }
      break;
    }
    out += c;
  }
  return out;
}

export function parseConf(text: string, file = 'file'): Conf {
  const sections: ConfSection[] = [];
  const includes: string[] = [];
  let current: ConfSection | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const trimmed = raw.trim();
    const include = /^#(?:try)?include\s+"?([^"\s]+)"?\s*$/.exec(trimmed);
    if (include) {
      includes.push(include[1]);
      continue;
    }
    const line = stripComment(raw).trim();
    if (!line) continue;
    const header = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (header) {
      current = { name: header[1].trim(), options: header[2] ?? null, entries: [] };
      sections.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new ConfParseError(`${file}:${i + 1}: expected [section] or key = value, got "${line}"`);
    if (!current) throw new ConfParseError(`${file}:${i + 1}: "${line}" is outside any [section]`);
    const key = line.slice(0, eq).trim();
    const value = (line[eq + 1] === '>' ? line.slice(eq + 2) : line.slice(eq + 1)).trim();
    current.entries.push({ key, value, line: i + 1 });
  }
  const all = (name: string) => sections.filter((s) => s.name === name);
  const values = (name: string, key: string) =>
    all(name)
      .flatMap((s) => s.entries)
      .filter((e) => e.key === key)
      .map((e) => e.value);
  return {
    sections,
    includes,
    all,
    has: (name) => sections.some((s) => s.name === name),
    values,
    value: (name, key) => values(name, key).at(-1),
  };
}
