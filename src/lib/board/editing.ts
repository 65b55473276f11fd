/**
 * Who may edit a card's content (its CARD_CONTENT_FIELDS: text, kind, organisation, column and
 * place): the one rule that the write policy (W2, server/board/write-policy.ts) and the
 * pages' edit and move controls both check. A role with
 * `card:edit-any` edits every card; a role with `board:write` edits the cards it authored; no
 * other role edits any. The lock (W5) is a rule of its own, over every change a panelist makes.
 */
import { can, type Role } from '../roles/index.js';

export interface Writer {
  readonly role: Role;
  readonly participantKey: string;
}

/** Whether the participant wrote the card (a card published from the audience queue has the author key ''). */
export const isAuthor = (card: { readonly authorKey: string | null }, participantKey: string): boolean => card.authorKey === participantKey;

export const mayEditCard = (writer: Writer, card: { readonly authorKey: string | null }): boolean =>
  can(writer.role, 'card:edit-any') || (can(writer.role, 'board:write') && isAuthor(card, writer.participantKey));
