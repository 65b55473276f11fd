/** Shapes shared by the message catalogues. */
export const LOCALES = ['cs', 'en', 'uk', 'vi'] as const;
export type Locale = (typeof LOCALES)[number];

/** A plural message: one form per Intl.PluralRules category the language uses; `other` is the fallback. */
export interface Plural {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Params = Record<string, string | number>;

export const isLocale = (v: unknown): v is Locale => typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
