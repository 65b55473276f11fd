/** The browser's language list picks the UI language (navigator.languages, Accept-Language). */
import { describe, expect, it } from 'vitest';
import { acceptLanguages, pickLocale } from '../../../src/lib/i18n/negotiate.js';

describe('language negotiation', () => {
  it('picks the first supported language of the list', () => {
    expect(pickLocale(['uk-UA', 'en-US'])).toBe('uk');
    expect(pickLocale(['vi'])).toBe('vi');
    expect(pickLocale(['de-DE', 'sk', 'en'])).toBe('cs');
    expect(pickLocale(['fr', 'en-GB'])).toBe('en');
    expect(pickLocale(['CS_cz'])).toBe('cs');
  });

  it('does not guess Ukrainian from Russian, and falls back to English', () => {
    expect(pickLocale(['ru-RU'])).toBe('en');
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['ru'], 'cs')).toBe('cs');
  });

  it('reads Accept-Language by quality, keeping the order of equals', () => {
    expect(acceptLanguages('en;q=0.5, vi-VN, uk;q=0.9')).toEqual(['vi-VN', 'uk', 'en']);
    expect(pickLocale(acceptLanguages('de;q=1, uk;q=0.8, cs;q=0.9'))).toBe('cs');
    expect(acceptLanguages('*;q=1, en;q=0')).toEqual([]);
    expect(acceptLanguages(undefined)).toEqual([]);
  });

  it('bounds a hostile header', () => {
    expect(acceptLanguages('x,'.repeat(100_000)).length).toBeLessThanOrEqual(20);
  });
});
