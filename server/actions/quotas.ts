/**
 * Per-participant rate limits on what the audience does: token buckets keyed by board,
 * participant and kind. A device that opens several sockets shares one bucket; each instance
 * counts its own share in scale-out (a participant's sockets normally reach one instance).
 */
export const QUOTA_KINDS = ['submission', 'comment', 'vote', 'reaction', 'poll-vote'] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

export interface Bucket {
  /** Burst size. */
  capacity: number;
  /** Tokens regained per second. */
  perSecond: number;
}

/** Generous for a person, tight for a script. */
export const QUOTAS: Record<QuotaKind, Bucket> = {
  submission: { capacity: 5, perSecond: 5 / 60 },
  comment: { capacity: 10, perSecond: 10 / 60 },
  vote: { capacity: 20, perSecond: 1 },
  reaction: { capacity: 8, perSecond: 2 },
  'poll-vote': { capacity: 10, perSecond: 10 / 60 }
};

/** Thrown by an action when its participant's bucket is empty; action.ts turns it into a 'rate-limited' ack. */
export class QuotaExceeded extends Error {
  constructor(
    readonly kind: QuotaKind,
    readonly retryAfterMs: number
  ) {
    super(`Too many ${kind === 'poll-vote' ? 'poll votes' : `${kind}s`}; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

export interface Quotas {
  /** Takes one token, or throws QuotaExceeded. */
  take(boardId: string, participantKey: string, kind: QuotaKind, now?: number): void;
  /** How many buckets are held (for tests and metrics). */
  size(): number;
}

export function createQuotas(buckets: Record<QuotaKind, Bucket> = QUOTAS): Quotas {
  const state = new Map<string, { tokens: number; at: number }>();
  let lastSweep = 0;
  // Drops buckets that have refilled completely: they hold nothing a new bucket would not.
  const sweep = (now: number): void => {
    lastSweep = now;
    for (const [key, b] of state) {
      const kind = key.slice(key.lastIndexOf('|') + 1) as QuotaKind;
      const { capacity, perSecond } = buckets[kind];
      if (b.tokens + ((now - b.at) / 1000) * perSecond >= capacity) state.delete(key);
    }
  };
  return {
    take(boardId, participantKey, kind, now = Date.now()) {
      if (now - lastSweep > 60_000) sweep(now);
      const { capacity, perSecond } = buckets[kind];
      const key = `${boardId}|${participantKey}|${kind}`;
      const b = state.get(key) ?? { tokens: capacity, at: now };
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens < 1) {
        state.set(key, b);
        throw new QuotaExceeded(kind, Math.ceil(((1 - b.tokens) / perSecond) * 1000));
      }
      b.tokens -= 1;
      state.set(key, b);
    },
    size: () => state.size
  };
}
