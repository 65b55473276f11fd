/**
 * Which stored entries of one document a room holds, by sequence number: every entry up to
 * `upTo()` (loaded, appended here, or received over the bus), plus some above it received out
 * of order. In a store that numbers each document's entries 1, 2, 3… (Redis), a room whose
 * `upTo()` equals the stored head and that holds nothing above it has every stored entry:
 * the anti-entropy check needs nothing more than the head (one number) to know that.
 *
 * Under steady writes the head is almost always ahead of the room: entries stored a moment
 * ago are still on their way over the bus. Those are not lost, so `behind` only counts an
 * entry missing when the previous check had already seen it stored: a lost message is caught
 * one or two cycles after it was stored, and a busy board is not reloaded every cycle (each
 * reload read, merged and re-encoded the whole log: a 0.5-1 s stall of a loaded instance,
 * bench/README.md).
 */
export interface SeqTracker {
  upTo(): number;
  /** Entries heard above `upTo()` with a gap below them. */
  gaps(): number;
  /** An entry this room now holds. */
  heard(seq: number): void;
  /** After loading the store: every entry up to `seq` is held, none above is known yet. */
  loaded(seq: number): void;
  /**
   * One call per anti-entropy check, with the store's head: true when the room lacks an entry
   * that was stored by the previous check (so not merely in flight), or when the store holds
   * fewer entries than the room (it lost data).
   */
  behind(head: number): boolean;
}

/** Past this many out-of-order entries the tracker stops recording them; the next check resyncs. */
const MAX_ABOVE = 10_000;

export function createSeqTracker(start: number): SeqTracker {
  let upTo = start;
  const above = new Set<number>();
  /** The head at the previous check: entries up to it have had a whole cycle to arrive. */
  let settledHead = 0;
  const drain = (): void => {
    while (above.delete(upTo + 1)) upTo += 1;
  };
  return {
    upTo: () => upTo,
    gaps: () => above.size,
    heard(seq) {
      if (seq <= upTo) return;
      if (seq === upTo + 1) upTo = seq;
      else if (above.size < MAX_ABOVE) above.add(seq);
      drain();
    },
    loaded(seq) {
      upTo = seq;
      for (const s of above) if (s <= seq) above.delete(s);
      drain();
    },
    behind(head) {
      const settled = settledHead;
      settledHead = head;
      return head < upTo || upTo < Math.min(settled, head);
    }
  };
}
