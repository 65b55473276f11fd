/**
 * Q&A commands (writers of Y types, like engagement.ts): upvotes on question cards and the
 * moderator's "answered" mark. Each validates first, throwing BoardError, and writes in one
 * transaction with the caller's origin.
 *
 *   Q1  only a visible card (V1) of kind 'question' takes upvotes;
 *   Q2  one upvote per voter key (a device: identity.ts voterKey) and question, filed under the
 *       key "<cardId>/<voterKey>" — the key itself is the limit, so two instances writing it at
 *       once converge to one upvote; upvotes cost no dot of the vote budget;
 *   Q3  taking an upvote back is always allowed;
 *   Q4  only a question is marked answered; the mark is the card's `answeredAt` (epoch ms),
 *       a moderation field no Yjs writer may set (server/board/write-policy.ts).
 */
import * as Y from 'yjs';
import { BoardError } from './errors.js';
import { cardsMap, upvotesMap, voteKey, type YEntry } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { isVisibleCardEntry } from './visibility.js';

/** Q1: the visible question's entry, or a clear refusal. */
function questionEntry(doc: Y.Doc, cardId: string, visibleOnly: boolean): YEntry {
  const card: unknown = cardsMap(doc).get(cardId);
  if (!(card instanceof Y.Map) || (visibleOnly && !isVisibleCardEntry(card))) throw new BoardError('not-found', `No question ${cardId} on this board (it may have been hidden)`);
  const kind: unknown = card.get('kind');
  if (kind !== 'question') throw new BoardError('invalid', `Only questions take upvotes and answers; card ${cardId} is a ${String(kind)}`);
  return card as YEntry;
}

/** Toggles one voter's upvote on a visible question (Q1–Q3); returns whether it is now cast. */
export function toggleUpvote(doc: Y.Doc, cardId: string, voterKey: string, origin: BoardOrigin, now = Date.now()): boolean {
  const key = voteKey(cardId, voterKey);
  const upvotes = upvotesMap(doc);
  if (upvotes.has(key)) {
    // Q3: a voter may take back an upvote even on a card hidden since, or no longer a question.
    doc.transact(() => upvotes.delete(key), origin);
    return false;
  }
  questionEntry(doc, cardId, true);
  doc.transact(() => upvotes.set(key, now), origin);
  return true;
}

/** Q4: marks a question answered (now) or not; marking twice keeps the first time. */
export function markAnswered(doc: Y.Doc, cardId: string, answered: boolean, origin: BoardOrigin, now = Date.now()): void {
  const entry = questionEntry(doc, cardId, false);
  if (answered === (typeof entry.get('answeredAt') === 'number')) return;
  doc.transact(() => (answered ? entry.set('answeredAt', now) : entry.delete('answeredAt')), origin);
}
