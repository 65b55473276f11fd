/**
 * Which machine translation of a card a view shows (see src/lib/board/translations.ts):
 * a phone shows the card in its reader's language, in place of the original; the projector adds
 * a line in its language under a card written in another one (in a bilingual view: a Czech card
 * gets the second language, any other card gets Czech).
 */
import type { Card } from '$lib/board/types.js';
import { translationFor } from '$lib/board/translations.js';

export interface CardTranslation {
  text: string;
  /** The language of `text`. */
  lang: string;
  /** The language of the original ('' when the translator did not say). */
  source: string;
  /** text: in place of the original; original: the original, marked with its language; line: under the original. */
  as: 'text' | 'original' | 'line';
}

export function phoneTranslation(card: Card, reader: string): CardTranslation | null {
  const found = translationFor(card.text, card.translations ?? null, reader);
  return found ? { text: found.text, lang: reader, source: found.source, as: 'text' } : null;
}

export function projectorTranslation(card: Card, primary: string, second: string | null): CardTranslation | null {
  const source = card.translations?.source ?? '';
  const target = second !== null && source === primary ? second : primary;
  const found = translationFor(card.text, card.translations ?? null, target);
  return found ? { text: found.text, lang: target, source: found.source, as: 'line' } : null;
}

/** The name of a language in the reader's language ("ukrajinština" for a Czech reader). */
export function languageName(code: string, reader: string): string {
  try {
    return new Intl.DisplayNames([reader], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
