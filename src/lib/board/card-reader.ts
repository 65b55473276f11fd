/**
 * The board's cards read incrementally: each card is parsed once and kept (same object) until a
 * transaction touches its entry, so re-reading a 300-card board on every update parses only the
 * cards that changed, and a view keyed by card skips the others.
 */
import type * as Y from 'yjs';
import { cardsMap, readCard, type YEntry } from './layout.js';
import type { Card } from './types.js';

export class CardReader {
  readonly #map: Y.Map<YEntry>;
  /** One per card present at the last read: deleted cards drop out on the next read. */
  #cache = new Map<string, { entry: YEntry; card: Card }>();
  readonly #dirty = new Set<string>();
  readonly #observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    for (const event of events) {
      if (event.target === this.#map) for (const id of (event as Y.YMapEvent<YEntry>).keysChanged) this.#dirty.add(id);
      else if (typeof event.path[0] === 'string') this.#dirty.add(event.path[0]);
    }
  };

  constructor(doc: Y.Doc) {
    this.#map = cardsMap(doc);
    this.#map.observeDeep(this.#observer);
  }

  /** Every card, unsorted; unchanged cards are the objects of the previous read. */
  read(): Card[] {
    const cache = new Map<string, { entry: YEntry; card: Card }>();
    const cards: Card[] = [];
    for (const [id, entry] of this.#map) {
      const old = this.#cache.get(id);
      const kept = old && old.entry === entry && !this.#dirty.has(id) ? old : { entry, card: readCard(id, entry) };
      cache.set(id, kept);
      cards.push(kept.card);
    }
    this.#cache = cache;
    this.#dirty.clear();
    return cards;
  }

  /** How many parsed cards are kept (for tests: no growth past the board). */
  get size(): number {
    return this.#cache.size;
  }

  destroy(): void {
    this.#map.unobserveDeep(this.#observer);
    this.#cache.clear();
  }
}
