/**
 * The writers of machine translations (see translations.ts): a board command module like
 * commands.ts, called by the server's translator only. Each write checks that the text is still
 * the one translated, so a translation that arrives after an edit or a redaction is dropped.
 */
import type * as Y from 'yjs';
import { cardsMap } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { submissionsMap } from './queue.js';
import { textFingerprint, TRANSLATIONS_FIELD, translationsValue, type TextTranslations } from './translations.js';

function store(doc: Y.Doc, entry: Y.Map<unknown> | undefined, text: string | null, translations: TextTranslations, origin: BoardOrigin): boolean {
  if (!entry || text === null || translations.of !== textFingerprint(text)) return false;
  doc.transact(() => entry.set(TRANSLATIONS_FIELD, translationsValue(translations)), origin);
  return true;
}

/** Stores a card's translations; false (nothing written) when the card or its text changed. */
export function setCardTranslations(doc: Y.Doc, cardId: string, translations: TextTranslations, origin: BoardOrigin): boolean {
  const entry = cardsMap(doc).get(cardId);
  const text = entry?.get('text');
  return store(doc, entry, typeof text === 'string' ? text : null, translations, origin);
}

/** Stores a pending submission's translations in the moderator-only queue document. */
export function setSubmissionTranslations(doc: Y.Doc, submissionId: string, translations: TextTranslations, origin: BoardOrigin): boolean {
  const entry = submissionsMap(doc).get(submissionId);
  const content = entry?.get('content') as { text?: unknown } | undefined;
  if (entry?.get('status') !== 'pending') return false;
  return store(doc, entry, typeof content?.text === 'string' ? content.text : null, translations, origin);
}
