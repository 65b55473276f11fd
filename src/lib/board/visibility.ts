/**
 * What the public (audience, projector, public exports and replays) may see of a board. The
 * rule is written here once, and everything that decides a card's visibility calls it: the
 * server's projection of the live documents (server/board/projection.ts), `publicContent` for
 * checkpoints and exports, the selectors, and the commands that take visible cards only.
 *   V1  a card is visible when it exists and the moderator has not hidden it;
 *   V2  a comment is visible when it is not hidden itself and its card is visible;
 *   V3  votes count (are public, cost a dot) only on visible cards;
 *   V4  a poll option taken from a card that is not visible keeps no text (the poll stays).
 * See docs/document-model.md, "What the public sees".
 */
import * as Y from 'yjs';
import { cardsMap, type YEntry } from './layout.js';

/** Answers V1 for a card id. */
export type CardVisible = (cardId: string) => boolean;

/** V1 on a card as read (or anything with its `hidden` flag); `undefined` is a card that does not exist. */
export const isVisibleCard = <C extends { readonly hidden: boolean }>(card: C | undefined | null): card is C => card !== undefined && card !== null && !card.hidden;

/** V1 on a card's entry in the document: anything but a map is no card. */
export const isVisibleCardEntry = (entry: unknown): boolean => isVisibleCard(entry instanceof Y.Map ? { hidden: entry.get('hidden') === true } : undefined);

/** V1 on the document. */
export const isVisibleCardIn = (doc: Y.Doc, cardId: string): boolean => isVisibleCardEntry(cardsMap(doc).get(cardId));

/** V2. */
export const isVisibleComment = (comment: { readonly hidden: boolean; readonly cardId: string }, cardVisible: CardVisible): boolean =>
  !comment.hidden && cardVisible(comment.cardId);

/** V2 on a comment's entry in the document (a `cardId` that is not a string names no card). */
export function isVisibleCommentEntry(doc: Y.Doc, entry: YEntry): boolean {
  const cardId = entry.get('cardId');
  return typeof cardId === 'string' && isVisibleComment({ hidden: entry.get('hidden') === true, cardId }, (id) => isVisibleCardIn(doc, id));
}

/** V4: the option as the public sees it. Tolerant: an option that is not an object, or cites no card, stays as it is. */
export function publicOption<O>(option: O, cardVisible: CardVisible): O {
  const cardId = typeof option === 'object' && option !== null ? (option as { cardId?: unknown }).cardId : null;
  return typeof cardId === 'string' && !cardVisible(cardId) ? ({ ...option, text: '' } as O) : option;
}
