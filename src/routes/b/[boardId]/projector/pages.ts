/**
 * Splits measured item heights into pages of `slots` columns that each fit `height`, in
 * reading order. An item taller than a whole column still gets a column of its own.
 * Result: pages[page][slot] = item indices.
 */
export function paginate(heights: readonly number[], height: number, slots: number, gap: number): number[][][] {
  if (heights.length === 0) return [[[]]];
  if (height <= 0) return [[heights.map((_, i) => i)]];
  const pages: number[][][] = [];
  let page: number[][] = [[]];
  let used = 0;
  heights.forEach((h, i) => {
    const slot = page[page.length - 1];
    const need = slot.length === 0 ? h : used + gap + h;
    if (slot.length > 0 && need > height) {
      if (page.length < slots) page.push([i]);
      else {
        pages.push(page);
        page = [[i]];
      }
      used = h;
    } else {
      slot.push(i);
      used = need;
    }
  });
  pages.push(page);
  return pages;
}

/**
 * A page that fills fewer columns than it has (few cards) is spread over up to `slots` columns,
 * in reading order, so a handful of cards reads as a grid rather than one wide column.
 */
export function spread(page: readonly number[][], slots: number): number[][] {
  const items = page.flat();
  const columns = Math.min(slots, items.length);
  if (page.length >= columns) return page.map((slot) => [...slot]);
  const per = Math.ceil(items.length / columns);
  return Array.from({ length: columns }, (_, c) => items.slice(c * per, (c + 1) * per)).filter((slot) => slot.length > 0);
}

export const pageOf = (pages: readonly number[][][], index: number): number =>
  pages.findIndex((page) => page.some((slot) => slot.includes(index)));
