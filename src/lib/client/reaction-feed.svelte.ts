/** The projector's floating reactions: bursts in, a short bounded list of floaters out. */
import type { ReactionBurst } from '$lib/protocol/events.js';
import { addBurst, FLOAT_LIMITS, prune, type Floater, type FloatLimits } from './reaction-floats.js';

export class ReactionFeed {
  #floaters = $state.raw<Floater[]>([]);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #nextId = 1;
  readonly #limits: FloatLimits;

  constructor(limits: FloatLimits = FLOAT_LIMITS) {
    this.#limits = limits;
  }

  get floaters(): Floater[] {
    return this.#floaters;
  }

  get lifeMs(): number {
    return this.#limits.lifeMs;
  }

  push(burst: ReactionBurst): void {
    this.#floaters = addBurst(this.#floaters, burst, Date.now(), () => this.#nextId++, this.#limits);
    this.#schedule();
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Wakes when the oldest floater is due to leave. */
  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const oldest = this.#floaters[0];
    if (!oldest) return;
    this.#timer = setTimeout(
      () => {
        this.#floaters = prune(this.#floaters, Date.now(), this.#limits.lifeMs);
        this.#schedule();
      },
      Math.max(0, oldest.at + this.#limits.lifeMs - Date.now()) + 20
    );
  }
}
