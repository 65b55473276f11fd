/**
 * The projector's type and columns, from the screen. Type is a share of the viewport height (of
 * the width on a portrait screen: its short side; the back row sees a share of the screen, not pixels); the pager tries the sizes from the
 * largest down and keeps the first at which the board fits on one page, or pages at the floor.
 * Columns follow from the type: as many as the width holds at a readable measure, and never
 * so narrow that a card's longest word would not fit on one line.
 */

import type { ProjectorDensity } from '$lib/board/types.js';

/** The smallest card text: 2.6 % of the screen height, or of the width in portrait (28 px at 1080p). Large text keeps a higher floor. */
export const FLOOR_SHARE = 0.026;
export const LARGE_FLOOR_SHARE = 0.031;
/** Each size is this much smaller than the one before. */
const STEP = 1.1;

export interface TypeScale {
  /** Candidate card text sizes in px, largest first; the last is the floor. */
  sizes: number[];
}

/** Comfortable density keeps the type at least this many times the floor, and pages sooner. */
const COMFORTABLE = 1.3;

/**
 * `steps` candidate sizes down to the floor; focused modes (few cards) may grow further. The
 * moderator's density narrows the choice: `compact` sets every card at the floor (the most cards
 * a page, the fewest pages), `comfortable` stops at 1.3 × the floor (larger type, more pages),
 * `auto` tries them all. No density ever cuts a card's text.
 */
export function typeScale(viewportHeight: number, large: boolean, steps: number, density: ProjectorDensity = 'auto'): TypeScale {
  const floor = Math.round(viewportHeight * (large ? LARGE_FLOOR_SHARE : FLOOR_SHARE) * 10) / 10;
  const sizes = Array.from({ length: steps + 1 }, (_, i) => Math.round(floor * STEP ** (steps - i) * 10) / 10);
  if (density === 'compact') return { sizes: [floor] };
  if (density === 'comfortable') return { sizes: sizes.filter((s, i) => i === 0 || s >= floor * COMFORTABLE) };
  return { sizes };
}

export interface ColumnInput {
  /** Width of the stage in px. */
  width: number;
  /** Card text size in px. */
  font: number;
  gap: number;
  /** The widest single word of any block, in em of the card text (see words.ts). */
  longestWordEm: number;
  /** Room a card's frame takes beside its text, in em (border, padding, a stack's inset). */
  chromeEm: number;
  /** The narrowest comfortable column, in em. */
  minEm: number;
}

/** How many equal columns, and how wide each is. */
export function columnsFor(input: ColumnInput): { count: number; width: number } {
  const min = input.font * Math.max(input.minEm, input.longestWordEm + input.chromeEm) + 2;
  const count = Math.max(1, Math.floor((input.width + input.gap) / (min + input.gap)));
  const width = Math.floor(((input.width - input.gap * (count - 1)) / count) * 10) / 10;
  return { count, width };
}
