/**
 * Redaction, the moderator's side of erasure.ts: replacing a card's text for good, and how an
 * instance recognises a redaction made on another one. Erasing the store's log and the storage
 * medium is the server's part (docs/redaction.md).
 */
import * as Y from 'yjs';
import { erase, eraseInState, withdrawalOf, type Erasure } from './erasure.js';
import { cardsMap, commentsMap, erasuresMap, pollsMap, readPoll, ROOT } from './layout.js';
import type { BoardOrigin } from './origin.js';

/** Replaces a card's text with the moderator's version and marks the card redacted. */
export function redactCard(doc: Y.Doc, cardId: string, text: string, origin: BoardOrigin, now = Date.now()): void {
  erase(doc, { kind: 'card', id: cardId, text }, origin, now);
}

/** A checkpoint with a card's text replaced (eraseInState), or null when there is nothing to erase. */
export function redactCardInState(state: Uint8Array, cardId: string, text: string, redactedAt: number): Uint8Array | null {
  return eraseInState(state, { kind: 'card', id: cardId, text }, redactedAt);
}

export interface RedactionMark {
  erasure: Erasure;
  redactedAt: number;
}

const ROOTS = { card: cardsMap, comment: commentsMap, poll: pollsMap } as const;

/** The redaction a change to one entry's `redactedAt` marks, with the entry's values now. */
function markOf(kind: keyof typeof ROOTS, id: string, entry: Y.Map<unknown>, keys: Set<string | null>): RedactionMark | null {
  const redactedAt = entry.get('redactedAt');
  if (typeof redactedAt !== 'number') return null;
  const str = (key: string): string | undefined => (keys.has(key) && typeof entry.get(key) === 'string' ? (entry.get(key) as string) : undefined);
  if (kind === 'poll') {
    const options = Object.fromEntries(readPoll(id, entry).options.map((o) => [o.id, o.text]));
    return { erasure: { kind, id, question: str('question'), ...(keys.has('options') && { options }) }, redactedAt };
  }
  const [text, author] = [str('text'), str('author')];
  return { erasure: { kind, id, ...(text !== undefined && { text }), ...(author !== undefined && { author }) }, redactedAt };
}

/** The withdrawals whose mark (a key of the `erasures` root, erasure.ts) a transaction set. */
function withdrawalsIn(tr: Y.Transaction): RedactionMark[] {
  // Looked up by name first: in a document that had not used the root yet, the update created a
  // placeholder type, and that (not the map getMap makes of it) is the one in `tr.changed`.
  const changed = tr.doc.share.get(ROOT.erasures);
  const keys = changed ? tr.changed.get(changed) : undefined;
  if (!keys) return [];
  const root = erasuresMap(tr.doc);
  const marks: RedactionMark[] = [];
  for (const key of keys) {
    const erasure = key === null ? null : withdrawalOf(key);
    const at = key === null ? undefined : root.get(key);
    if (erasure && typeof at === 'number') marks.push({ erasure, redactedAt: at });
  }
  return marks;
}

/**
 * The cards, comments and polls whose redaction mark a transaction set, with their values now,
 * and the cards and comments whose withdrawal it marked: how an instance learns of an erasure
 * made on another one (it arrives as an ordinary update).
 */
export function redactionsIn(tr: Y.Transaction): RedactionMark[] {
  const marks: RedactionMark[] = withdrawalsIn(tr);
  const parents = new Map<unknown, keyof typeof ROOTS>(Object.entries(ROOTS).map(([kind, root]) => [root(tr.doc), kind as keyof typeof ROOTS]));
  for (const [type, keys] of tr.changed) {
    const item = type._item;
    if (!keys.has('redactedAt') || !(type instanceof Y.Map) || !item || typeof item.parentSub !== 'string') continue;
    const kind = parents.get(item.parent);
    const mark = kind ? markOf(kind, item.parentSub, type as Y.Map<unknown>, keys) : null;
    if (mark) marks.push(mark);
  }
  return marks;
}
