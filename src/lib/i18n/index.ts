export { i18n, LocaleState } from './locale.svelte.js';
export { translate, formatNumber } from './translate.js';
export { acceptLanguages, pickLocale } from './negotiate.js';
export { LOCALES, isLocale, type Locale, type Params, type Plural } from './types.js';
export type { MessageKey } from './en.js';
