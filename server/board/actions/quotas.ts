/**
 * Per-participant rate limits on what the audience does, on the server's one limiter
 * (server/limits/rate-limiter.ts): a named bucket per kind, keyed by board and participant.
 * The participant key comes from a server-issued device identity (server/events/devices.ts), so
 * a script cannot get a fresh bucket by naming a new device; in scale-out the buckets live in
 * Redis, so a participant's sockets on several instances share them.
 */
import type { ErrorReason } from '../../../src/lib/protocol/errors.js';
import type { Bucket, RateLimiter, RateLimiters } from '../../limits/rate-limiter.js';

export const QUOTA_KINDS = ['submission', 'comment', 'vote', 'reaction', 'poll-vote', 'poll-answer', 'withdrawal', 'redaction'] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

/** Generous for a person, tight for a script. */
export const QUOTAS: Record<QuotaKind, Bucket> = {
  submission: { capacity: 5, perSecond: 5 / 60 },
  comment: { capacity: 10, perSecond: 10 / 60 },
  vote: { capacity: 20, perSecond: 1 },
  reaction: { capacity: 8, perSecond: 2 },
  'poll-vote': { capacity: 10, perSecond: 10 / 60 },
  /** Written poll answers: a few per poll, a person types them one at a time. */
  'poll-answer': { capacity: 6, perSecond: 6 / 60 },
  withdrawal: { capacity: 10, perSecond: 10 / 60 },
  /** The moderator's: card:redact, comment:redact, poll:redact (a person redacts a few an hour). */
  redaction: { capacity: 30, perSecond: 30 / 60 }
};

/**
 * Kinds whose every use costs the server a lot whoever asks (a withdrawal or a redaction rewrites
 * the board's history and compacts and scrubs its stores): a second bucket per board bounds the
 * whole hall together, however many devices or moderator links take part.
 */
export const BOARD_QUOTAS: Partial<Record<QuotaKind, Bucket>> = {
  withdrawal: { capacity: 30, perSecond: 30 / 60 },
  redaction: { capacity: 60, perSecond: 1 }
};

const QUOTA_NOUNS: Partial<Record<QuotaKind, string>> = { 'poll-vote': 'poll votes', 'poll-answer': 'poll answers' };

/** An action refused for a reason of its own (not a board rule); action.ts turns it into the ack. */
export class ActionRefused extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly retryAfterMs?: number
  ) {
    super(message);
  }
}

/** Thrown when a participant's bucket is empty: ack 'rate-limited' with retryAfterMs. */
export class QuotaExceeded extends ActionRefused {
  constructor(
    readonly kind: QuotaKind,
    retryAfterMs: number
  ) {
    super('rate-limited', `Too many ${QUOTA_NOUNS[kind] ?? `${kind}s`}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);
  }
}

export interface Quotas {
  /** Takes one token, or throws QuotaExceeded. */
  take(boardId: string, participantKey: string, kind: QuotaKind): Promise<void>;
  /** Gives one back (the action was refused after all). */
  refund(boardId: string, participantKey: string, kind: QuotaKind): Promise<void>;
}

export function createQuotas(limiters: RateLimiters, buckets: Record<QuotaKind, Bucket> = QUOTAS, boardBuckets: Partial<Record<QuotaKind, Bucket>> = BOARD_QUOTAS): Quotas {
  const named = new Map<QuotaKind, RateLimiter>(QUOTA_KINDS.map((kind) => [kind, limiters.limiter(`quota-${kind}`, buckets[kind])]));
  const perBoard = new Map<QuotaKind, RateLimiter>(
    Object.entries(boardBuckets).map(([kind, bucket]) => [kind as QuotaKind, limiters.limiter(`quota-board-${kind}`, bucket as Bucket)])
  );
  const limiter = (kind: QuotaKind): RateLimiter => named.get(kind) as RateLimiter;
  return {
    async take(boardId, participantKey, kind) {
      const key = `${boardId}:${participantKey}`;
      const verdict = await limiter(kind).take(key);
      if (!verdict.ok) throw new QuotaExceeded(kind, verdict.retryAfterMs);
      const board = await perBoard.get(kind)?.take(boardId);
      if (board && !board.ok) {
        await limiter(kind).refund(key);
        throw new QuotaExceeded(kind, board.retryAfterMs);
      }
    },
    async refund(boardId, participantKey, kind) {
      await limiter(kind).refund(`${boardId}:${participantKey}`);
      await perBoard.get(kind)?.refund(boardId);
    }
  };
}
