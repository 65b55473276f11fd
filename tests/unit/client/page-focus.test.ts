import { describe, expect, it } from 'vitest';
import { focusPage } from '../../../src/routes/b/[boardId]/projector/page-focus.svelte.js';

// Two pages of block keys; a block key holds the cards its name lists ("s:c3+c4" is a stack).
const PAGES = [
  [['t1', 'c1'], ['c2']],
  [['t2', 's:c3+c4'], ['c5']]
];
const cardsOf = (key: string): string[] => (key.startsWith('c') ? [key] : key.startsWith('s:') ? key.slice(2).split('+') : []);

describe('focusPage: the page to turn to for a card that appeared', () => {
  it('finds the page of a new card, once per appearance', () => {
    const done = new Map<string, number>();
    const focus = new Map([['c5', 1]]);
    expect(focusPage(focus, done, PAGES, cardsOf)).toBe(1);
    expect(focusPage(focus, done, PAGES, cardsOf)).toBe(-1);
    // The same card appearing again (hidden, then restored) is a new appearance.
    expect(focusPage(new Map([['c5', 2]]), done, PAGES, cardsOf)).toBe(1);
  });

  it('finds a card inside a stack', () => {
    expect(focusPage(new Map([['c4', 1]]), new Map(), PAGES, cardsOf)).toBe(1);
  });

  it('waits for a layout that holds the card, without marking it done', () => {
    const done = new Map<string, number>();
    const focus = new Map([['c9', 1]]);
    expect(focusPage(focus, done, PAGES, cardsOf)).toBe(-1);
    expect(focusPage(focus, done, [], cardsOf)).toBe(-1);
    expect(focusPage(focus, done, [...PAGES, [['c9']]], cardsOf)).toBe(2);
  });

  it('forgets a card whose appearance ended', () => {
    const done = new Map([['c1', 1]]);
    focusPage(new Map(), done, PAGES, cardsOf);
    expect(done.size).toBe(0);
  });
});
