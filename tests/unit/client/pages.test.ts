import { describe, expect, it } from 'vitest';
import { pageOf, paginate, spread } from '../../../src/routes/b/[boardId]/projector/pages.js';

describe('projector paging', () => {
  it('keeps everything on one page when it fits', () => {
    expect(paginate([100, 100, 100], 400, 1, 10)).toEqual([[[0, 1, 2]]]);
  });

  it('breaks columns and pages by measured height, in reading order', () => {
    const pages = paginate([200, 200, 200, 200, 200], 410, 2, 10);
    expect(pages).toEqual([[[0, 1], [2, 3]], [[4]]]);
    expect(pageOf(pages, 4)).toBe(1);
  });

  it('gives an item taller than the page a column of its own', () => {
    expect(paginate([900, 100], 500, 1, 10)).toEqual([[[0]], [[1]]]);
  });

  it('scales to 300 cards', () => {
    const pages = paginate(Array.from({ length: 300 }, () => 150), 700, 1, 14);
    expect(pages.flat(2)).toHaveLength(300);
    expect(pages.every((p) => p[0].length === 4)).toBe(true);
  });

  it('spreads a page of few cards over the columns, in reading order', () => {
    expect(spread([[0, 1]], 3)).toEqual([[0], [1]]);
    expect(spread([[0, 1, 2, 3, 4]], 3)).toEqual([[0, 1], [2, 3], [4]]);
    expect(spread([[0, 1], [2]], 2)).toEqual([[0, 1], [2]]);
    expect(spread([[]], 3)).toEqual([[]]);
  });
});
