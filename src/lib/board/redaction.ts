/**
 * Redaction, a board command module like commands.ts: the moderator replaces a card's text for
 * good. Documents are garbage-collected (gc: true), so the overwritten value keeps its id but
 * loses its content; the same holds for a stored full-state update rewritten here. Erasing the
 * store's log and the storage medium is the server's part (docs/redaction.md).
 */
import * as Y from 'yjs';
import { cleanText } from './commands.js';
import { BoardError } from './errors.js';
import { cardsMap, readCard } from './layout.js';
import { LOCAL, type BoardOrigin } from './origin.js';

/** Replaces a card's text with the moderator's version and marks the card redacted. */
export function redactCard(doc: Y.Doc, cardId: string, text: string, origin: BoardOrigin, now = Date.now()): void {
  const entry = cardsMap(doc).get(cardId);
  if (!entry) throw new BoardError('not-found', `No card ${cardId}`);
  const clean = cleanText(text);
  doc.transact(() => {
    entry.set('text', clean);
    entry.set('redactedAt', now);
    entry.set('updatedAt', now);
  }, origin);
}

/**
 * A full-state update (a history checkpoint) with the card's text replaced, re-encoded from a
 * garbage-collected document so the earlier text is gone from the bytes. Null when there is
 * nothing to erase: the state holds no such card, or already holds exactly this text.
 * Throws when the state does not decode, or decodes incompletely (missing dependencies would
 * be carried over verbatim by the encoder, earlier text included).
 */
export function redactCardInState(state: Uint8Array, cardId: string, text: string, redactedAt: number): Uint8Array | null {
  const clean = cleanText(text);
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw new Error('state has missing dependencies');
    const entry = cardsMap(doc).get(cardId);
    if (!entry || entry.get('text') === clean) return null;
    // The moment's other fields stay as they were; only the text and the redaction mark change.
    doc.transact(() => {
      entry.set('text', clean);
      entry.set('redactedAt', redactedAt);
    }, LOCAL);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export interface RedactionMark {
  cardId: string;
  text: string;
  redactedAt: number;
}

/**
 * The cards whose redaction mark a transaction set, with their text now: how an instance
 * learns of a redaction made on another one (it arrives as an ordinary update).
 */
export function redactionsIn(tr: Y.Transaction): RedactionMark[] {
  const cards = cardsMap(tr.doc);
  const marks: RedactionMark[] = [];
  for (const [type, keys] of tr.changed) {
    const item = type._item;
    if (!keys.has('redactedAt') || !(type instanceof Y.Map) || !item || item.parent !== cards || typeof item.parentSub !== 'string') continue;
    const card = readCard(item.parentSub, type as Y.Map<unknown>);
    if (card.redactedAt !== null) marks.push({ cardId: card.id, text: card.text, redactedAt: card.redactedAt });
  }
  return marks;
}
