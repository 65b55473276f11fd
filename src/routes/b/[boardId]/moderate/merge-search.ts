/** Finding a card to merge a submission into: case- and diacritics-blind, so "plzen" finds "Plzeň". */
import type { Card } from '$lib/board/types.js';

export const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Cards whose text or organization name holds every word of the query, in board order. */
export function searchCards(cards: readonly Card[], query: string, orgName: (id: string | null) => string, limit = 8): Card[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const hits =
    words.length === 0
      ? cards
      : cards.filter((c) => {
          const hay = fold(`${c.text} ${orgName(c.orgId)}`);
          return words.every((w) => hay.includes(w));
        });
  return hits.slice(0, limit);
}
