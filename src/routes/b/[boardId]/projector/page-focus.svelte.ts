/**
 * Cards the projector should bring into view: every card that becomes visible after the first
 * load (a new card, an approved audience card, a restored one), for a few seconds. The pager
 * turns to each one's page once.
 */
export class PageFocus {
  #focus = $state.raw<ReadonlySet<string>>(new Set());
  #visible = new Set<string>();
  #primed = false;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #holdMs: number;

  constructor(holdMs = 8000) {
    this.#holdMs = holdMs;
  }

  get ids(): ReadonlySet<string> {
    return this.#focus;
  }

  /** Feed the visible card ids after each change; the first call only records them. */
  observe(ids: readonly string[]): void {
    const appeared = this.#primed ? ids.filter((id) => !this.#visible.has(id)) : [];
    this.#visible = new Set(ids);
    this.#primed = true;
    if (appeared.length === 0) return;
    this.#focus = new Set([...this.#focus, ...appeared]);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const next = new Set(this.#focus);
      for (const id of appeared) next.delete(id);
      this.#focus = next;
    }, this.#holdMs);
    this.#timers.add(timer);
  }

  destroy(): void {
    for (const t of this.#timers) clearTimeout(t);
  }
}
