import { describe, expect, it } from 'vitest';
import { cs } from '../../../src/lib/i18n/cs.js';
import { en } from '../../../src/lib/i18n/en.js';
import { translate } from '../../../src/lib/i18n/translate.js';

describe('i18n', () => {
  it('Czech plurals follow Intl.PluralRules: 1 karta, 2 karty, 5 karet', () => {
    expect(translate('cs', 'count.cards', { count: 1 })).toBe('1 karta');
    expect(translate('cs', 'count.cards', { count: 2 })).toBe('2 karty');
    expect(translate('cs', 'count.cards', { count: 4 })).toBe('4 karty');
    expect(translate('cs', 'count.cards', { count: 5 })).toBe('5 karet');
    expect(translate('cs', 'count.cards', { count: 0 })).toBe('0 karet');
  });

  it('English plurals pick one/other', () => {
    expect(translate('en', 'count.votes', { count: 1 })).toBe('1 vote');
    expect(translate('en', 'count.votes', { count: 3 })).toBe('3 votes');
  });

  it('fills placeholders and formats numbers for the locale', () => {
    expect(translate('en', 'count.cards', { count: 1500 })).toBe('1,500 cards');
    expect(translate('cs', 'move.moved', { topic: 'Bydlení' })).toBe('Přesunuto do: Bydlení');
  });

  it('Czech has exactly the English keys, with plural forms where English has them', () => {
    expect(Object.keys(cs).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(typeof cs[key], key).toBe(typeof en[key]);
  });
});
