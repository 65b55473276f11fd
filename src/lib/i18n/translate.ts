/** Pure message lookup and formatting; the reactive locale lives in locale.svelte.ts. */
import { cs } from './cs.js';
import { en, type MessageKey } from './en.js';
import { uk } from './uk.js';
import { vi } from './vi.js';
import type { Locale, Params, Plural } from './types.js';

const CATALOGUES: Record<Locale, Record<MessageKey, string | Plural>> = { en, cs, uk, vi };

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function rules(locale: Locale): Intl.PluralRules {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}

function fill(template: string, locale: Locale, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

/** Looks a message up; plural messages pick their form by `params.count`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const message = CATALOGUES[locale][key] ?? en[key];
  if (typeof message === 'string') return fill(message, locale, params);
  const count = typeof params?.count === 'number' ? params.count : 0;
  const category = rules(locale).select(count) as keyof Plural;
  return fill(message[category] ?? message.other, locale, params);
}
