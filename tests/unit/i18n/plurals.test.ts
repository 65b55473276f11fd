/**
 * Plurals go through Intl.PluralRules: every plural message has the forms its language's rules
 * can select (so no count ever falls back to a wrong form), and the Ukrainian four forms read
 * right (1 картка, 2 картки, 5 карток, 1,5 картки; 21 картка, 22 картки, 25 карток).
 */
import { describe, expect, it } from 'vitest';
import { cs } from '../../../src/lib/i18n/cs.js';
import { en } from '../../../src/lib/i18n/en.js';
import { translate } from '../../../src/lib/i18n/translate.js';
import { LOCALES, type Locale, type Plural } from '../../../src/lib/i18n/types.js';
import { uk } from '../../../src/lib/i18n/uk.js';
import { vi } from '../../../src/lib/i18n/vi.js';

const CATALOGUES: Record<Locale, Record<string, string | Plural>> = { cs, en, uk, vi };

describe('plural forms', () => {
  it('Intl knows the categories we rely on', () => {
    expect(new Intl.PluralRules('uk').resolvedOptions().pluralCategories.sort()).toEqual(['few', 'many', 'one', 'other']);
    expect(new Intl.PluralRules('vi').resolvedOptions().pluralCategories).toEqual(['other']);
  });

  it.each(LOCALES)('every %s plural message has every category its language selects', (lang) => {
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as (keyof Plural)[];
    const lacking = Object.entries(CATALOGUES[lang])
      .filter((e): e is [string, Plural] => typeof e[1] !== 'string')
      .flatMap(([key, m]) => categories.filter((c) => !m[c]?.trim()).map((c) => `${key}.${c}`));
    expect(lacking).toEqual([]);
  });

  it('Ukrainian uses one, few, many and other', () => {
    const cards = (count: number): string => translate('uk', 'count.cards', { count });
    expect([1, 2, 4, 5, 11, 21, 22, 25, 0].map(cards)).toEqual(['1 картка', '2 картки', '4 картки', '5 карток', '11 карток', '21 картка', '22 картки', '25 карток', '0 карток']);
    expect(cards(1.5)).toBe('1,5 картки');
    expect(translate('uk', 'count.votes', { count: 3 })).toBe('3 голоси');
    expect(translate('uk', 'count.votes', { count: 1500 })).toBe('1\u00a0500 голосів');
  });

  it('Vietnamese has one form, and numbers grouped with a dot', () => {
    expect([1, 2, 5].map((count) => translate('vi', 'count.cards', { count }))).toEqual(['1 thẻ', '2 thẻ', '5 thẻ']);
    expect(translate('vi', 'count.cards', { count: 1500 })).toBe('1.500 thẻ');
  });

  it('dates go through Intl in Ukrainian and Vietnamese', () => {
    const day = new Date(2026, 10, 27, 14, 5);
    expect(new Intl.DateTimeFormat('uk', { dateStyle: 'long' }).format(day)).toBe('27 листопада 2026 р.');
    expect(new Intl.DateTimeFormat('vi', { dateStyle: 'long' }).format(day)).toBe('27 tháng 11, 2026');
  });
});
