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

export class PageTurn<L extends PagedLayout> {
  /** The page index on screen. */
  onScreen = $state(0);
  /** The layout of the page on screen while another is built. */
  screen = $state.raw<L | null>(null);
  /** How many blocks of the page being built are in it (for that page only; reset when shown). */
  #building = $state.raw({ page: -1, blocks: 0 });
  readonly #current: () => number;
  readonly #shown: () => L | null;

  /** The pages in view: the one on screen, and the one being built after it while a turn is under way. */
  readonly views = $derived.by(() => {
    const current = this.#current();
    return this.onScreen === current || !(this.screen ?? this.#shown())?.pages[this.onScreen] ? [current] : [this.onScreen, current];
  });
  readonly #built = $derived.by(() => (this.#building.page === this.#current() ? this.#building.blocks : BLOCKS_PER_FRAME));
  /** The page being built, as far as it is: its first blocks in reading order (null: no turn under way). */
  readonly staged = $derived.by(() => {
    const shown = this.#shown();
    return this.views.length > 1 && shown ? firstBlocks(shown.pages[this.#current()] ?? [], this.#built) : null;
  });

  /** `current`: the page to show; `shown`: the layout decided for now. */
  constructor(current: () => number, shown: () => L | null) {
    this.#current = current;
    this.#shown = shown;
    $effect(() => {
      if (this.views.length === 1) this.screen = this.#shown();
    });
    $effect(() => {
      const next = this.#current();
      const page = this.#shown()?.pages[next];
      if (this.onScreen === next) return;
      const total = this.views.length > 1 ? (page ?? []).reduce((n, slot) => n + slot.length, 0) : 0;
      let frame = 0;
      const tick = (): void => {
        const built = untrack(() => this.#built);
        if (built < total) {
          this.#building = { page: next, blocks: built + BLOCKS_PER_FRAME };
          frame = requestAnimationFrame(tick);
        } else {
          this.#building = { page: -1, blocks: 0 };
          this.screen = untrack(() => this.#shown());
          this.onScreen = next;
        }
      };
      frame = requestAnimationFrame(tick);
      return () => cancelAnimationFrame(frame);
    });
  }
}
