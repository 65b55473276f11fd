/**
 * Which stored entries of one document a room holds, by sequence number: every entry up to
 * `upTo()` (loaded, appended here, or received over the bus), plus some above it received out
 * of order. In a store that numbers each document's entries 1, 2, 3… (Redis), a room whose
 * `upTo()` equals the stored head and that holds nothing above it has every stored entry:
 * the anti-entropy check needs nothing more than the head (one number) to know that.
 */
export interface SeqTracker {
  upTo(): number;
  /** Entries heard above `upTo()` with a gap below them. */
  gaps(): number;
  /** An entry this room now holds. */
  heard(seq: number): void;
  /** After loading the store: every entry up to `seq` is held, none above is known yet. */
  loaded(seq: number): void;
  /** True when the room may lack a stored entry, given the store's head. */
  behind(head: number): boolean;
}

/** Past this many out-of-order entries the tracker stops recording them; the next check resyncs. */
const MAX_ABOVE = 10_000;

export function createSeqTracker(start: number): SeqTracker {
  let upTo = start;
  const above = new Set<number>();
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
    behind: (head) => head !== upTo || above.size > 0
  };
}
