/**
 * The projector's page turn: the new page is built out of sight, a few blocks a frame, and shown
 * in the frame after the last; the page on screen keeps its layout until then. A page of 30 cards
 * built at once took 15-30 ms of script, style and layout in one frame (bench/README.md, the
 * projector's frames). Each page is a layer of its own (Pager's styles): the page being built is
 * painted and rasterised in the frames that build it, almost transparent, so the turn only changes
 * its opacity and drops the old layer. Hidden (visibility), it was rasterised whole in the frame it
 * appeared: 30-50 ms of software raster at 1920×1080 before the next frame. Create it while a
 * component initialises (it runs effects).
 */
import { untrack } from 'svelte';
import { firstBlocks } from './pages.js';

export const BLOCKS_PER_FRAME = 4;

/** A layout as the pager shows it: each page's columns of block keys. */
export interface PagedLayout {
  readonly pages: string[][][];
}

/** One page in view: its index, whether it is the page being built, the layout it is drawn with and its columns. */
export interface PageView<L extends PagedLayout> {
  readonly page: number;
  readonly staged: boolean;
  readonly layout: L;
  readonly columns: string[][];
}

export class PageTurn<L extends PagedLayout> {
  /** The page index on screen. */
  #onScreen = $state(0);
  /** The layout of the page on screen, kept while another is built. */
  #screen = $state.raw<L | null>(null);
  /** How many blocks of the page being built are in it (for that page only; reset when shown). */
  #building = $state.raw({ page: -1, blocks: 0 });
  readonly #current: () => number;
  readonly #shown: () => L | null;

  /** The page indexes in view: the one on screen, and the one being built after it while a turn is under way. */
  readonly #indexes = $derived.by(() => {
    const current = this.#current();
    return this.#onScreen === current || !(this.#screen ?? this.#shown())?.pages[this.#onScreen] ? [current] : [this.#onScreen, current];
  });
  readonly #built = $derived.by(() => (this.#building.page === this.#current() ? this.#building.blocks : BLOCKS_PER_FRAME));

  /** True while a page is being built beside the one on screen. */
  readonly turning = $derived(this.#indexes.length > 1);

  /**
   * The pages to draw, in order: the page on screen with the layout it was shown with, then,
   * during a turn, the page being built with the layout decided for now, as far as it is (its
   * first blocks in reading order).
   */
  readonly views = $derived.by((): PageView<L>[] => {
    const shown = this.#shown();
    if (!shown) return [];
    const [first, next] = this.#indexes;
    if (next === undefined) return [{ page: first, staged: false, layout: shown, columns: shown.pages[first] ?? [] }];
    const screen = this.#screen ?? shown;
    return [
      { page: first, staged: false, layout: screen, columns: screen.pages[first] ?? [] },
      { page: next, staged: true, layout: shown, columns: firstBlocks(shown.pages[next] ?? [], this.#built) }
    ];
  });

  /** `current`: the page to show; `shown`: the layout decided for now. */
  constructor(current: () => number, shown: () => L | null) {
    this.#current = current;
    this.#shown = shown;
    $effect(() => {
      if (!this.turning) this.#screen = this.#shown();
    });
    $effect(() => {
      const next = this.#current();
      const page = this.#shown()?.pages[next];
      if (this.#onScreen === next) return;
      const total = this.turning ? (page ?? []).reduce((n, slot) => n + slot.length, 0) : 0;
      let frame = 0;
      const tick = (): void => {
        const built = untrack(() => this.#built);
        if (built < total) {
          this.#building = { page: next, blocks: built + BLOCKS_PER_FRAME };
          frame = requestAnimationFrame(tick);
        } else {
          this.#building = { page: -1, blocks: 0 };
          this.#screen = untrack(() => this.#shown());
          this.#onScreen = next;
        }
      };
      frame = requestAnimationFrame(tick);
      return () => cancelAnimationFrame(frame);
    });
  }
}
