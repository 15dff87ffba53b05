/**
 * The small template language of the Asterisk kit's files in `deploy/asterisk/`:
 *
 * - `{{name}}` inserts a value (string or number) as is: the caller makes values safe for the
 *   file they go into;
 * - `{{#name}}…{{/name}}` repeats the block for each item of an array (the item's keys become
 *   visible inside), or keeps it once when the value is `true` or an object, and drops it when the
 *   value is `false`, `null`, `''` or an empty array;
 * - `{{^name}}…{{/name}}` keeps the block only when `{{#name}}` would drop it.
 *
 * A tag alone on its line takes the whole line with it. An unknown name is an error, not an
 * empty string, so a typo in a template cannot silently drop a setting.
 */

export type TemplateValue = string | number | boolean | null | undefined | TemplateView | TemplateView[];
export interface TemplateView {
  [key: string]: TemplateValue;
}

type Node = { kind: 'text'; text: string } | { kind: 'var'; name: string } | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

const TAG = /\{\{([#^/]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** A section tag alone on its line (with its indentation and line break). */
const STANDALONE = /^[ \t]*(\{\{[#^/]\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\})[ \t]*(?:\r?\n|$)/gm;

export class TemplateError extends Error {}

function parse(file: string, text: string): Node[] {
  const source = text.replace(STANDALONE, '$1');
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    const top = stack[stack.length - 1];
    if (m.index > last) top.children.push({ kind: 'text', text: source.slice(last, m.index) });
    last = m.index + m[0].length;
    const [, sigil, name] = m;
    if (sigil === '') top.children.push({ kind: 'var', name });
    else if (sigil === '/') {
      if (stack.length === 1 || top.name !== name)
        throw new TemplateError(`${file}: {{/${name}}} closes ${stack.length === 1 ? 'nothing' : `{{#${top.name}}}`}`);
      stack.pop();
    } else {
      const node: Node = { kind: 'section', name, inverted: sigil === '^', children: [] };
      top.children.push(node);
      stack.push({ name, children: node.children });
    }
  }
  if (stack.length > 1) throw new TemplateError(`${file}: {{#${stack[stack.length - 1].name}}} is never closed`);
  if (last < source.length) root.push({ kind: 'text', text: source.slice(last) });
  return root;
}

function lookup(file: string, scopes: TemplateView[], name: string): TemplateValue {
  for (let i = scopes.length - 1; i >= 0; i--) if (Object.hasOwn(scopes[i], name)) return scopes[i][name];
  throw new TemplateError(`${file}: no value for {{${name}}}`);
}

function truthy(v: TemplateValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== false && v !== null && v !== undefined && v !== '';
}

function renderNodes(file: string, nodes: Node[], scopes: TemplateView[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'var') {
      const v = lookup(file, scopes, node.name);
      if (typeof v !== 'string' && typeof v !== 'number') throw new TemplateError(`${file}: {{${node.name}}} is not a string or number`);
      out += String(v);
    } else {
      const v = lookup(file, scopes, node.name);
      if (node.inverted) {
        if (!truthy(v)) out += renderNodes(file, node.children, scopes);
      } else if (Array.isArray(v)) {
        for (const item of v) out += renderNodes(file, node.children, [...scopes, item]);
      } else if (truthy(v)) {
        out += renderNodes(file, node.children, typeof v === 'object' && v !== null ? [...scopes, v] : scopes);
      }
    }
  }
  return out;
}

/** Render one template; `file` only names it in error messages. */
export function renderTemplate(file: string, text: string, view: TemplateView): string {
  return renderNodes(file, parse(file, text), [view]);
}
