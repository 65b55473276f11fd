/**
 * Every piece of UI text goes through i18n: no Svelte component may render a literal word.
 * Parses each component's markup and fails on text nodes and on user-visible attributes
 * (aria-label, title, placeholder, alt, label, aria-description) that contain letters outside
 * an expression. A short allowlist covers brand names and symbols.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

const ROOT = 'src';
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-placeholder', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
/** Literal text that is the same in every language. */
const ALLOWED = new Set<string>(['CS', 'EN', 'QR']);
const LETTER = /\p{L}/u;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
  });
}

interface Node {
  type: string;
  data?: string;
  name?: string;
  value?: true | Node | Node[];
  start: number;
  [key: string]: unknown;
}

/** Literal words in the markup: [what, text, offset]. */
function literals(source: string): [string, string, number][] {
  const ast = parse(source, { modern: true });
  const found: [string, string, number][] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'Text' && typeof n.data === 'string') {
      const text = n.data.trim();
      if (LETTER.test(text) && !ALLOWED.has(text)) found.push(['text', text, n.start]);
      return;
    }
    if (n.type === 'Attribute') {
      if (!n.name || !VISIBLE_ATTRIBUTES.has(n.name.toLowerCase())) return;
      const parts = Array.isArray(n.value) ? n.value : n.value && n.value !== true ? [n.value] : [];
      for (const part of parts)
        if (part.type === 'Text' && typeof part.data === 'string' && LETTER.test(part.data) && !ALLOWED.has(part.data.trim()))
          found.push([`${n.name}=`, part.data.trim(), part.start]);
      return;
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'parent' && key !== 'metadata') visit(value);
  };
  visit(ast.fragment);
  return found;
}

const lineOf = (source: string, offset: number): number => source.slice(0, offset).split('\n').length;

describe('i18n: no user-visible string bypasses t()', () => {
  const files = svelteFiles(ROOT);

  it('finds the components', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s has no literal words in its markup', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const hits = literals(source).map(([what, text, at]) => `${file}:${lineOf(source, at)} ${what} "${text}"`);
    expect(hits).toEqual([]);
  });

  it('the check itself catches literal text and attributes, and ignores expressions', () => {
    const bad = literals('<p>Hello</p><button aria-label="Close">×</button><img alt="Logo {x}" src="a.png" />');
    expect(bad.map(([what, text]) => `${what}${text}`)).toEqual(['textHello', 'aria-label=Close', 'alt=Logo']);
    expect(literals('<p>{t("a")}</p><b title={t("b")}>·</b><span>{n} / {m}</span>')).toEqual([]);
  });
});
