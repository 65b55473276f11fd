/**
 * Cards the projector should bring into view: every card that becomes visible after the first
 * load (a new card, an approved audience card, a restored one), for a few seconds. Each
 * appearance has its own number, so a card that leaves and comes back (hidden, then restored)
 * is a new appearance and the pager turns to it again; a card that leaves drops out at once.
 */
export type FocusIds = ReadonlyMap<string, number>;

export class PageFocus {
  /** Card id → the number of the appearance that put it here. */
  #focus = $state.raw<FocusIds>(new Map());
  #visible = new Set<string>();
  #primed = false;
  #appearances = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #holdMs: number;

  constructor(holdMs = 8000) {
    this.#holdMs = holdMs;
  }

  get ids(): FocusIds {
    return this.#focus;
  }

  /** Feed the visible card ids after each change; the first call only records them. */
  observe(ids: readonly string[]): void {
    const now = new Set(ids);
    const appeared = this.#primed ? ids.filter((id) => !this.#visible.has(id)) : [];
    const left = [...this.#focus.keys()].filter((id) => !now.has(id));
    this.#visible = now;
    this.#primed = true;
    if (appeared.length === 0 && left.length === 0) return;
    const next = new Map(this.#focus);
    for (const id of left) next.delete(id);
    const n = ++this.#appearances;
    for (const id of appeared) next.set(id, n);
    this.#focus = next;
    if (appeared.length === 0) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const kept = new Map([...this.#focus].filter(([, k]) => k !== n));
      if (kept.size !== this.#focus.size) this.#focus = kept;
    }, this.#holdMs);
    this.#timers.add(timer);
  }

  destroy(): void {
    for (const t of this.#timers) clearTimeout(t);
  }
}

/**
 * The page to turn to for the focused cards not yet brought into view (-1: none), given each
 * page's columns of block keys and the cards of a block. `done` remembers each card's appearance
 * once turned to, and forgets cards whose appearance ended.
 */
export function focusPage(focus: FocusIds, done: Map<string, number>, pages: readonly string[][][], cardsOf: (key: string) => readonly string[]): number {
  for (const [id, n] of done) if (focus.get(id) !== n) done.delete(id);
  const wanted = [...focus].filter(([id, n]) => done.get(id) !== n);
  if (wanted.length === 0) return -1;
  const ids = new Set(wanted.map(([id]) => id));
  const page = pages.findIndex((p) => p.some((slot) => slot.some((k) => cardsOf(k).some((id) => ids.has(id)))));
  if (page >= 0) for (const [id, n] of wanted) done.set(id, n);
  return page;
}
