/**
 * Which UI language a person gets from their browser's list (navigator.languages on the page,
 * Accept-Language on the server). Slovak readers get Czech; anything unknown gets English.
 * Russian is deliberately not mapped to Ukrainian: a browser set to Russian says nothing about
 * whether its owner wants Ukrainian.
 */
import type { Locale } from './types.js';

const BY_BASE: Record<string, Locale> = { cs: 'cs', sk: 'cs', en: 'en', uk: 'uk', vi: 'vi' };

/** The first supported language of a preference list (most preferred first). */
export function pickLocale(languages: readonly string[], fallback: Locale = 'en'): Locale {
  for (const lang of languages) {
    const found = BY_BASE[lang.trim().toLowerCase().split(/[-_]/)[0]];
    if (found) return found;
  }
  return fallback;
}

/** An Accept-Language header as a preference list, best first (bounded: at most 20 entries read). */
export function acceptLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 500)
    .split(',', 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((e) => e.tag !== '' && e.tag !== '*' && e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((e) => e.tag);
}
