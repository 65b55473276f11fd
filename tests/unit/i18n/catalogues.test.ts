/**
 * The four catalogues stay complete: a key missing (or empty) in any language fails, as does
 * a placeholder one language forgets, a plural without the forms its language needs (Czech
 * one/few/other, Ukrainian one/few/many/other), or a key the code uses that no catalogue defines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cs } from '../../../src/lib/i18n/cs.js';
import { en } from '../../../src/lib/i18n/en.js';
import { translate } from '../../../src/lib/i18n/translate.js';
import { LOCALES, type Locale, type Plural } from '../../../src/lib/i18n/types.js';
import { uk } from '../../../src/lib/i18n/uk.js';
import { vi } from '../../../src/lib/i18n/vi.js';

type Message = string | Plural;
const CATALOGUES: Record<Locale, Record<string, Message>> = { cs, en, uk, vi };
const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m).filter((x): x is string => typeof x === 'string'));
const placeholders = (m: Message): string[] => [...new Set(forms(m).flatMap((f) => [...f.matchAll(/\{(\w+)\}/g)].map((x) => x[1])))].sort();

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(svelte|ts)$/.test(e.name) ? [path] : [];
  });
}

describe('i18n catalogues', () => {
  const keys = [...new Set(LOCALES.flatMap((l) => Object.keys(CATALOGUES[l])))].sort();

  it('covers every UI language', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES)('%s has every key, none of them empty', (lang) => {
    const catalogue = CATALOGUES[lang];
    const missing = keys.filter((k) => !(k in catalogue));
    const empty = keys.filter((k) => k in catalogue && forms(catalogue[k]).some((f) => f.trim() === ''));
    expect({ missing, empty }).toEqual({ missing: [], empty: [] });
  });

  it.each(['cs', 'uk', 'vi'] as const)('%s uses the same placeholders as English in every message', (lang) => {
    const differ = keys.filter((k) => k in CATALOGUES[lang] && k in en).filter((k) => placeholders(CATALOGUES[lang][k]).join() !== placeholders(CATALOGUES.en[k]).join());
    expect(differ).toEqual([]);
  });

  it('a message is a plural in every language or in none', () => {
    const mixed = keys.filter((k) => new Set(LOCALES.map((l) => typeof CATALOGUES[l][k])).size > 1);
    expect(mixed).toEqual([]);
  });

  it('Czech plurals have the one, few and other forms (1 karta, 2 karty, 5 karet)', () => {
    const plurals = Object.entries(CATALOGUES.cs).filter(([, m]) => typeof m !== 'string') as [string, Plural][];
    expect(plurals.length).toBeGreaterThan(0);
    for (const [key, m] of plurals) expect([key, Boolean(m.one && m.few && m.other)]).toEqual([key, true]);
    expect([1, 2, 5].map((count) => translate('cs', 'count.cards', { count }))).toEqual(['1 karta', '2 karty', '5 karet']);
  });

  it('every literal key the code passes to t() exists', () => {
    const used = new Set<string>();
    for (const file of sources('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-z][\w.-]*)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('numbers, dates and times are formatted for the locale', () => {
    expect(translate('cs', 'count.cards', { count: 1500 })).toBe('1\u00a0500 karet');
    expect(translate('en', 'count.cards', { count: 1500 })).toBe('1,500 cards');
    const day = new Date(2026, 10, 27, 14, 5);
    expect(new Intl.DateTimeFormat('cs', { dateStyle: 'long' }).format(day)).toBe('27. listopadu 2026');
    expect(new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(day)).toBe('November 27, 2026');
  });
});
