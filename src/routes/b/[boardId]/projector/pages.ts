/**
 * The projector's pages, from measured block heights: blocks flow down `slots` columns of
 * `height` in reading order, a page at a time. Pure, so the browser only measures and this
 * decides. Result: pages[page][slot] = block indices.
 */

export interface Flow {
  heights: readonly number[];
  /** A glued block (a topic heading, a stack's label) never ends a column: it stays with the next one. */
  glue?: readonly boolean[];
  /**
   * What a block needs above it when it starts a column (its topic's heading again, so a
   * continued topic is never anonymous), gap included; 0 or absent for none.
   */
  lead?: readonly number[];
  height: number;
  slots: number;
  gap: number;
}

/** How much of a column the block at `i` needs before it may start there: itself, and the block it is glued to. */
function need(flow: Flow, i: number): number {
  const h = flow.heights[i];
  if (!flow.glue?.[i] || i + 1 >= flow.heights.length) return h;
  return h + flow.gap + need(flow, i + 1);
}

/** An item taller than a whole column still gets a column of its own. */
export function paginate(flow: Flow): number[][][] {
  const { heights, height, slots, gap } = flow;
  if (heights.length === 0) return [[[]]];
  if (height <= 0) return [[heights.map((_, i) => i)]];
  const pages: number[][][] = [];
  let page: number[][] = [[]];
  let used = 0;
  for (let i = 0; i < heights.length; i++) {
    const slot = page[page.length - 1];
    const lead = flow.lead?.[i] ?? 0;
    const start = slot.length === 0 ? lead : used + gap;
    if (slot.length > 0 && start + need(flow, i) > height) {
      if (page.length < slots) page.push([i]);
      else {
        pages.push(page);
        page = [[i]];
      }
      used = lead + heights[i];
    } else {
      slot.push(i);
      used = start + heights[i];
    }
  }
  pages.push(page);
  return pages;
}

/**
 * One page whose columns are as even as they can be: the shortest column height that still
 * holds every block on one page (a binary search over whole pixels). Used when the board fits.
 */
export function balance(flow: Flow): number[][] {
  let pages = paginate(flow);
  if (pages.length > 1) return pages[0];
  let lo = Math.max(0, ...flow.heights) - 1;
  let hi = flow.height;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const trial = paginate({ ...flow, height: mid });
    if (trial.length === 1) {
      hi = mid;
      pages = trial;
    } else lo = mid;
  }
  return pages[0];
}

export const pageOf = (pages: readonly number[][][], index: number): number => pages.findIndex((page) => page.some((slot) => slot.includes(index)));

/**
 * The first `count` blocks of a page in reading order (column after column), the rest left out:
 * what a page being built out of sight holds after some of its frames.
 */
export function firstBlocks<T>(page: readonly (readonly T[])[], count: number): T[][] {
  let left = Math.max(0, count);
  return page.map((slot) => {
    const part = slot.slice(0, left);
    left -= part.length;
    return part;
  });
}
