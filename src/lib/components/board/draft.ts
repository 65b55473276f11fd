import type { CardKind } from '$lib/board/types.js';

/** What the card editor produces. */
export interface CardDraft {
  kind: CardKind;
  text: string;
  topicId: string | null;
  orgId: string | null;
}
