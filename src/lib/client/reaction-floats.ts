/**
 * Audience reactions on the projector: the server aggregates taps into bursts; each burst
 * becomes one floating emoji per kind, with its count. At most `max` float at once (the oldest
 * give way), so a hall of 300 phones never means 300 animations.
 */
import { REACTION_CHOICES, type Reaction } from '../board/types.js';
import type { ReactionBurst } from '../protocol/events.js';

export interface Floater {
  id: number;
  emoji: Reaction;
  count: number;
  /** Horizontal lane, so floaters that overlap in time do not overlap on screen. */
  lane: number;
  /** Epoch ms it appeared. */
  at: number;
}

export interface FloatLimits {
  /** Floaters on screen at once. */
  max: number;
  lanes: number;
  /** How long one floater stays. */
  lifeMs: number;
}

export const FLOAT_LIMITS: FloatLimits = { max: 6, lanes: 6, lifeMs: 4500 };

/** A burst's counts, tolerantly: known reactions with a positive whole count, largest first. */
export function burstCounts(burst: ReactionBurst): [Reaction, number][] {
  const counts = (typeof burst.counts === 'object' && burst.counts !== null ? burst.counts : {}) as Record<string, unknown>;
  return REACTION_CHOICES.flatMap((emoji): [Reaction, number][] => {
    const n = counts[emoji];
    return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? [[emoji, Math.floor(n)]] : [];
  }).sort((a, b) => b[1] - a[1]);
}

export const prune = (floaters: readonly Floater[], now: number, lifeMs: number): Floater[] => floaters.filter((f) => now - f.at < lifeMs);

/** The floaters after a burst arrives at `now`; ids come from `nextId`. */
export function addBurst(floaters: readonly Floater[], burst: ReactionBurst, now: number, nextId: () => number, limits: FloatLimits = FLOAT_LIMITS): Floater[] {
  const alive = prune(floaters, now, limits.lifeMs);
  const added: Floater[] = [];
  for (const [emoji, count] of burstCounts(burst).slice(0, limits.max)) {
    const taken = [...alive, ...added];
    added.push({ id: nextId(), emoji, count, lane: freeLane(taken, limits.lanes), at: now });
  }
  return [...alive, ...added].slice(-limits.max);
}

/** Lanes in the order they are tried, alternating halves of the screen: 0, 3, 1, 4, 2, 5. */
const laneOrder = (lanes: number): number[] => Array.from({ length: lanes }, (_, i) => (i % 2 === 0 ? i / 2 : Math.ceil(lanes / 2) + (i - 1) / 2));

/** The first lane nobody floats in, else the lane whose latest floater is oldest. */
function freeLane(taken: readonly Floater[], lanes: number): number {
  const lastUse = new Array<number>(lanes).fill(-Infinity);
  for (const f of taken) lastUse[f.lane % lanes] = Math.max(lastUse[f.lane % lanes], f.at);
  const order = laneOrder(lanes);
  let best = order[0];
  for (const lane of order) {
    if (lastUse[lane] === -Infinity) return lane;
    if (lastUse[lane] < lastUse[best]) best = lane;
  }
  return best;
}
