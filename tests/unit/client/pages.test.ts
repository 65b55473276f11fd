import { describe, expect, it } from 'vitest';
import { columnsFor, typeScale } from '../../../src/routes/b/[boardId]/projector/geometry.js';
import { balance, firstBlocks, pageOf, paginate } from '../../../src/routes/b/[boardId]/projector/pages.js';
import { textLang } from '../../../src/routes/b/[boardId]/projector/text-lang.js';

const flow = (heights: number[], height: number, slots: number, gap = 10, glue?: boolean[]) => ({ heights, height, slots, gap, glue });

describe('projector paging', () => {
  it('keeps everything on one page when it fits', () => {
    expect(paginate(flow([100, 100, 100], 400, 1))).toEqual([[[0, 1, 2]]]);
  });

  it('breaks columns and pages by measured height, in reading order', () => {
    const pages = paginate(flow([200, 200, 200, 200, 200], 410, 2));
    expect(pages).toEqual([
      [
        [0, 1],
        [2, 3]
      ],
      [[4]]
    ]);
    expect(pageOf(pages, 4)).toBe(1);
  });

  it('gives an item taller than the page a column of its own', () => {
    expect(paginate(flow([900, 100], 500, 1))).toEqual([[[0]], [[1]]]);
  });

  it('never ends a column on a heading: it moves with the block glued to it', () => {
    // A heading (50) would fit under the first card, but its card would not.
    expect(paginate(flow([300, 50, 200], 400, 2, 10, [false, true, false]))).toEqual([[[0], [1, 2]]]);
  });

  it('counts the heading a continued topic repeats atop the column it starts', () => {
    // Heading (40) and two cards (200 each) in columns of 450: the second card starts the next
    // column under its repeated heading (40 + gap 10).
    const lead = [0, 50, 50];
    expect(paginate({ ...flow([40, 200, 200], 450, 2, 10, [true, false, false]), lead })).toEqual([[[0, 1], [2]]]);
    // A card that fits the column's height alone, but not under its heading, takes a page of its own column.
    expect(paginate({ ...flow([40, 200, 420], 450, 1, 10, [true, false, false]), lead })).toEqual([[[0, 1]], [[2]]]);
    // Without the lead the third card would have fitted a column of 410 exactly; with it, it does not.
    expect(paginate({ ...flow([40, 200, 200, 200], 410, 2, 10, [true, false, false, false]), lead: [0, 50, 50, 50] })).toEqual([[[0, 1], [2]], [[3]]]);
    expect(paginate(flow([40, 200, 200, 200], 410, 2, 10, [true, false, false, false]))).toEqual([
      [
        [0, 1],
        [2, 3]
      ]
    ]);
  });

  it('scales to 300 cards', () => {
    const pages = paginate(
      flow(
        Array.from({ length: 300 }, () => 150),
        700,
        1,
        14
      )
    );
    expect(pages.flat(2)).toHaveLength(300);
    expect(pages.every((p) => p[0].length === 4)).toBe(true);
  });

  it('balances a page that fits over every column, in reading order', () => {
    expect(balance(flow([100, 100, 100, 100], 1000, 2))).toEqual([
      [0, 1],
      [2, 3]
    ]);
    expect(balance(flow([100, 100, 100], 1000, 3))).toEqual([[0], [1], [2]]);
  });
});

describe('a page built in slices', () => {
  it('holds the first blocks in reading order, column after column', () => {
    const page = [['a', 'b', 'c'], ['d', 'e'], ['f']];
    expect(firstBlocks(page, 0)).toEqual([[], [], []]);
    expect(firstBlocks(page, 2)).toEqual([['a', 'b'], [], []]);
    expect(firstBlocks(page, 4)).toEqual([['a', 'b', 'c'], ['d'], []]);
    expect(firstBlocks(page, 6)).toEqual(page);
    expect(firstBlocks(page, 99)).toEqual(page);
  });
});

describe('projector geometry', () => {
  it('type follows the screen height, down to a floor of 2.6 % (28 px at 1080p)', () => {
    const { sizes } = typeScale(1080, false, 6);
    expect(sizes.at(-1)).toBeCloseTo(28.1, 0);
    expect(sizes[0]).toBeGreaterThan(sizes.at(-1)! * 1.7);
    expect(typeScale(2160, false, 6).sizes.at(-1)).toBeCloseTo(56.2, 0);
    expect(typeScale(768, true, 6).sizes.at(-1)).toBeGreaterThan(typeScale(768, false, 6).sizes.at(-1)!);
  });

  it("follows the moderator's density: compact sets the floor, comfortable stays above 1.3 × it, auto tries every size", () => {
    const auto = typeScale(1080, false, 6).sizes;
    const floor = auto.at(-1)!;
    expect(typeScale(1080, false, 6, 'auto').sizes).toEqual(auto);
    expect(typeScale(1080, false, 6, 'compact').sizes).toEqual([floor]);
    const comfortable = typeScale(1080, false, 6, 'comfortable').sizes;
    expect(comfortable[0]).toBe(auto[0]);
    expect(Math.min(...comfortable)).toBeGreaterThanOrEqual(floor * 1.3);
    expect(comfortable.length).toBeLessThan(auto.length);
  });

  it('never makes a column narrower than the longest word', () => {
    const wide = columnsFor({ width: 1900, font: 28, gap: 14, longestWordEm: 3, chromeEm: 2, minEm: 10 });
    expect(wide.count).toBe(6);
    const long = columnsFor({ width: 1900, font: 28, gap: 14, longestWordEm: 20, chromeEm: 2, minEm: 10 });
    expect(long.count).toBe(3);
    expect(long.width).toBeGreaterThanOrEqual(22 * 28);
  });
});

describe('card text language', () => {
  it('is Czech with Czech letters, English in plain Latin, and unclaimed otherwise', () => {
    expect(textLang('Kapacita kurzů češtiny nestačí')).toBe('cs');
    expect(textLang('Czech courses lack capacity; 8 weeks.')).toBe('en');
    expect(textLang('Бракує перекладачів')).toBeUndefined();
  });
});
