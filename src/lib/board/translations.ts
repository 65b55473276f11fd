/**
 * Machine translations of a text (a card, or a submission in the moderator's queue), made by the
 * server's translator (server/translate) and stored beside the text in one plain value:
 *
 *   translations  { of: fingerprint of the text translated, source: detected language or '',
 *                   texts: { <language>: translated text } }
 *
 * A translation is shown only while its fingerprint matches the text, so an edit makes the old
 * translations stale at once, on every client, without waiting for the server to replace them.
 * Readers are tolerant (any client could write garbage; the write policy refuses it anyway).
 */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import { MAX_CARD_TEXT } from './types.js';

export interface TextTranslations {
  /** textFingerprint of the text these translate. */
  of: string;
  /** The language the translator detected ('' when it did not say). */
  source: string;
  /** Translated text per language code. */
  texts: Record<string, string>;
}

export const TRANSLATIONS_FIELD = 'translations';
/** Translations run longer than their source; anything past this is not a translation. */
export const MAX_TRANSLATED_TEXT = MAX_CARD_TEXT * 3;
const MAX_LANGUAGES = 8;
const LANGUAGE = /^[a-z]{2,3}$/;

/** A short, stable fingerprint of a text (sha-256, 96 bits in base64). */
export function textFingerprint(text: string): string {
  return toBase64(digest(new TextEncoder().encode(text))).slice(0, 16);
}

export function readTranslations(v: unknown): TextTranslations | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.of !== 'string' || typeof o.texts !== 'object' || o.texts === null) return null;
  const texts: Record<string, string> = {};
  for (const [lang, text] of Object.entries(o.texts as Record<string, unknown>).slice(0, MAX_LANGUAGES))
    if (LANGUAGE.test(lang) && typeof text === 'string' && text !== '' && text.length <= MAX_TRANSLATED_TEXT) texts[lang] = text;
  const source = typeof o.source === 'string' && LANGUAGE.test(o.source) ? o.source : '';
  return { of: o.of, source, texts };
}

/** The plain value stored in a document (no prototype surprises, bounded). */
export function translationsValue(t: TextTranslations): TextTranslations {
  return readTranslations(t) ?? { of: t.of, source: '', texts: {} };
}

/**
 * What to show a reader of `language` for `text`: the stored translation when it translates this
 * very text from another language, or null (show the original).
 */
export function translationFor(text: string, translations: TextTranslations | null, language: string): { text: string; source: string } | null {
  if (!translations || translations.source === language) return null;
  const translated = translations.texts[language];
  if (!translated || translations.of !== textFingerprint(text)) return null;
  return { text: translated, source: translations.source };
}
