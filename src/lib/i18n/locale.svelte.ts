/**
 * The person's UI language: follows the browser by default, can be switched, and the choice is
 * remembered in localStorage. Every rendered string goes through `t()`, which reads the reactive
 * locale, so switching re-renders the page in place.
 *
 * One instance per browser tab (pages render client-side only, see src/routes/+layout.ts).
 */
import type { MessageKey } from './en.js';
import { errorKey } from './errors.js';
import { pickLocale } from './negotiate.js';
import { formatNumber, translate } from './translate.js';
import { isLocale, type Locale, type Params } from './types.js';

const STORAGE_KEY = 'panel-board:locale';

function storedLocale(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

function browserLocale(): Locale {
  return pickLocale(globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en']);
}

/** A language the board imposes on a view (the projector): one locale, or Czech and a second side by side. */
export type ImposedLanguage = Locale | { bilingual: Locale } | null;

export class LocaleState {
  #current = $state<Locale>('en');
  #imposed = $state<ImposedLanguage>(null);

  constructor(initial?: Locale) {
    this.#current = initial ?? storedLocale() ?? browserLocale();
  }

  /** The language strings are rendered in; a bilingual view renders Czech first (see `t`). */
  get current(): Locale {
    const imposed = this.#imposed;
    if (imposed !== null && typeof imposed === 'object') return 'cs';
    return imposed ?? this.#current;
  }

  /** True when the board, not the person, chose the language; the switch is then hidden. */
  get imposed(): ImposedLanguage {
    return this.#imposed;
  }

  get bilingual(): boolean {
    return this.second !== null;
  }

  /** The language shown after Czech in a bilingual view, or null. */
  get second(): Locale | null {
    const imposed = this.#imposed;
    return imposed !== null && typeof imposed === 'object' ? imposed.bilingual : null;
  }

  /** The projector follows the moderator's choice; `null` hands the choice back to the person. */
  impose(language: ImposedLanguage): void {
    this.#imposed = language;
  }

  set(locale: Locale): void {
    this.#current = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // Private mode may forbid storage; the switch still holds for this tab.
    }
  }

  t = (key: MessageKey, params?: Params): string => {
    const second = this.second;
    if (second === null) return translate(this.current, key, params);
    const cs = translate('cs', key, params);
    const other = translate(second, key, params);
    return cs === other ? cs : `${cs} · ${other}`;
  };

  /** A failure reason in words; unknown reasons fall back to the raw message. */
  error = (reason: string, message: string): string => {
    const key = errorKey(reason);
    return key ? this.t(key) : message;
  };

  number = (n: number): string => formatNumber(this.current, n);

  date = (value: Date | number | string, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string => {
    const d = typeof value === 'string' ? new Date(`${value}T12:00:00`) : new Date(value);
    return Number.isNaN(d.getTime()) ? String(value) : new Intl.DateTimeFormat(this.current, options).format(d);
  };

  time = (value: Date | number): string => new Intl.DateTimeFormat(this.current, { hour: '2-digit', minute: '2-digit' }).format(new Date(value));

  /** A duration as m:ss (or h:mm:ss). */
  duration = (ms: number): string => {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  };
}

export const i18n = new LocaleState();
