/**
 * How many different written answers a device has given to one poll, counted where every
 * instance sees it: the server's one limiter (memory alone, Redis in scale-out), as a bucket that
 * never refills, one per (board, poll, device). Taking a slot is one atomic step in Redis, so a
 * device answering through several instances at once still gets at most the poll's
 * ANSWERS_PER_DEVICE.
 *
 * Bounds, stated: the same answer sent at the same moment through two instances is one entry
 * (its id is derived from the text) but may take two slots (the device gets fewer, never more).
 * While Redis is unreachable, each instance counts on its own (the limiter's fallback), so a device
 * could get up to that many per instance; a Redis key lives 24 hours after its last use, and a
 * memory one until the limiter sheds its oldest keys (200,000), after which the count starts again.
 */
import type { RateLimiter, RateLimiters } from '../../limits/rate-limiter.js';

export interface AnswerSlots {
  /** Takes one of the `perDevice` slots of this device on this poll; false when none is left. */
  take(boardId: string, pollId: string, voterKey: string, perDevice: number): Promise<boolean>;
  /** Gives one back (the answer was not filed after all). */
  giveBack(boardId: string, pollId: string, voterKey: string, perDevice: number): Promise<void>;
}

export function createAnswerSlots(limiters: RateLimiters): AnswerSlots {
  const byCapacity = new Map<number, RateLimiter>();
  const limiter = (perDevice: number): RateLimiter => {
    let l = byCapacity.get(perDevice);
    if (!l) byCapacity.set(perDevice, (l = limiters.limiter(`poll-answer-slots-${perDevice}`, { capacity: perDevice, perSecond: 0 })));
    return l;
  };
  const key = (boardId: string, pollId: string, voterKey: string): string => `${boardId}:${pollId}:${voterKey}`;
  return {
    async take(boardId, pollId, voterKey, perDevice) {
      return (await limiter(perDevice).take(key(boardId, pollId, voterKey))).ok;
    },
    async giveBack(boardId, pollId, voterKey, perDevice) {
      await limiter(perDevice).refund(key(boardId, pollId, voterKey));
    }
  };
}
