/** Word-cloud counting (src/lib/board/word-cloud.ts): which answers count as one, and the order every view shows. */
import { describe, expect, it } from 'vitest';
import { CLOUD_WORDS, countWords, normalizeAnswer } from '../../../src/lib/board/word-cloud.js';

const answers = (...texts: string[]) => texts.map((text) => ({ text }));

describe('normalizeAnswer', () => {
  it('ignores case, width, spacing and the punctuation around an answer', () => {
    for (const text of ['Doprava', 'doprava', ' DOPRAVA ', 'doprava!', '„Doprava“', '#doprava', 'Ｄｏｐｒａｖａ']) expect(normalizeAnswer(text)).toBe('doprava');
    expect(normalizeAnswer('veřejná   doprava')).toBe('veřejná doprava');
  });

  it('keeps what is inside an answer: diacritics, hyphens and inner punctuation tell answers apart', () => {
    expect(normalizeAnswer('Byt')).not.toBe(normalizeAnswer('Být'));
    expect(normalizeAnswer('e-mail')).toBe('e-mail');
    expect(normalizeAnswer('Ôn định')).toBe('ôn định');
  });

  it('an answer that is all punctuation stays itself rather than becoming empty', () => {
    expect(normalizeAnswer(' ?! ')).toBe('?!');
  });
});

describe('countWords', () => {
  it('counts normalized answers together and shows the form given most often', () => {
    expect(countWords(answers('doprava', 'Doprava', 'Doprava!', 'Doprava', 'Zeleň'))).toEqual([
      { key: 'doprava', text: 'Doprava', count: 4 },
      { key: 'zeleň', text: 'Zeleň', count: 1 }
    ]);
  });

  it('on a tie of forms, the earliest one shows', () => {
    expect(countWords(answers('parky', 'Parky'))[0]).toMatchObject({ text: 'parky', count: 2 });
  });

  it('orders by count, then alphabetically, and keeps the top ones only', () => {
    const many = answers(...Array.from({ length: 80 }, (_, i) => `slovo${String(i).padStart(2, '0')}`), 'b', 'a', 'b');
    const top = countWords(many);
    expect(top).toHaveLength(CLOUD_WORDS);
    expect(top[0]).toMatchObject({ key: 'b', count: 2 });
    expect(top[1]).toMatchObject({ key: 'a', count: 1 });
    expect(top[2].key).toBe('slovo00');
    expect(countWords(many, 3).map((w) => w.key)).toEqual(['b', 'a', 'slovo00']);
  });

  it('skips empty answers and is linear: 100,000 answers in one pass', () => {
    expect(countWords(answers('', '   '))).toEqual([]);
    const big = answers(...Array.from({ length: 100_000 }, (_, i) => `w${i % 997}`));
    expect(countWords(big, 5).every((w) => w.count >= 100)).toBe(true);
  });
});
