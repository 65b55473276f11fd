/**
 * Which cards just arrived: ids first seen after the initial load stay "fresh" for a few
 * seconds (for a highlight), and arrivals are announced to screen readers in batches so a
 * burst of fifty cards is one polite message, not fifty.
 */
export interface ArrivalsOptions {
  freshMs?: number;
  announceEveryMs?: number;
}

export class CardArrivals {
  #fresh = $state.raw<ReadonlySet<string>>(new Set());
  #batch = $state.raw<{ count: number; seq: number } | null>(null);
  readonly #seen = new Set<string>();
  #primed = false;
  #pending = 0;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #freshMs: number;
  readonly #announceEveryMs: number;

  constructor(options: ArrivalsOptions = {}) {
    this.#freshMs = options.freshMs ?? 6000;
    this.#announceEveryMs = options.announceEveryMs ?? 4000;
  }

  get fresh(): ReadonlySet<string> {
    return this.#fresh;
  }

  /** The last batch of arrivals to announce; `seq` changes even when the count repeats. */
  get batch(): { count: number; seq: number } | null {
    return this.#batch;
  }

  /** Feed the current visible card ids; the first call only records what is already there. */
  observe(ids: readonly string[]): void {
    if (!this.#primed) {
      for (const id of ids) this.#seen.add(id);
      this.#primed = true;
      return;
    }
    const arrived = ids.filter((id) => !this.#seen.has(id));
    if (arrived.length === 0) return;
    for (const id of arrived) this.#seen.add(id);
    this.#fresh = new Set([...this.#fresh, ...arrived]);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const next = new Set(this.#fresh);
      for (const id of arrived) next.delete(id);
      this.#fresh = next;
    }, this.#freshMs);
    this.#timers.add(timer);
    this.#pending += arrived.length;
    this.#flushTimer ??= setTimeout(() => this.#flush(), this.#announceEveryMs);
  }

  destroy(): void {
    for (const t of this.#timers) clearTimeout(t);
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
  }

  #flush(): void {
    this.#flushTimer = null;
    this.#batch = { count: this.#pending, seq: (this.#batch?.seq ?? 0) + 1 };
    this.#pending = 0;
  }
}
