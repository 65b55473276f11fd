/**
 * The widest word of a text, in em of a given font: columns are chosen so that it fits on one
 * line (Chromium hyphenates Czech only where it has a dictionary, so a column narrower than a
 * word would have to break it in the middle). Measured with a canvas, not the layout, and
 * remembered per text, so an arrival measures only the new card's words.
 */

import type { Block } from './blocks.js';

const REMEMBERED = 4000;

export class WordMeter {
  readonly #ctx: CanvasRenderingContext2D | null;
  readonly #cache = new Map<string, number>();

  constructor() {
    this.#ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  }

  /** `weight` and `family` as in CSS; the result is the widest word's width divided by the font size. */
  widest(text: string, weight: number, family: string): number {
    const key = `${weight}|${family}|${text}`;
    const known = this.#cache.get(key);
    if (known !== undefined) return known;
    let widest = 0;
    if (this.#ctx) {
      this.#ctx.font = `${weight} 100px ${family}`;
      for (const word of text.split(/\s+/)) if (word) widest = Math.max(widest, this.#ctx.measureText(word).width / 100);
    }
    if (this.#cache.size >= REMEMBERED) this.#cache.clear();
    this.#cache.set(key, widest);
    return widest;
  }
}

/** Each block's widest word, remembered per block object (an unchanged block keeps its object) and font family. */
export class BlockWords {
  readonly #meter = new WordMeter();
  #family = '';
  #of = new WeakMap<Block, number>();

  widest(b: Block, family: string): number {
    if (this.#family !== family) [this.#family, this.#of] = [family, new WeakMap()];
    let w = this.#of.get(b);
    if (w === undefined) {
      const items = b.kind === 'topic' ? [] : b.kind === 'card' ? [b.item] : b.items;
      w = b.kind === 'topic' ? this.#meter.widest(b.title ?? '', 800, family) : items.reduce((x, it) => Math.max(x, this.#meter.widest(it.card.text, 500, family)), 0);
      this.#of.set(b, w);
    }
    return w;
  }
}
