/**
 * The language of a card's text, for `lang` (the browser hyphenates, quotes and picks glyphs by
 * it): Czech when it has a letter only Czech uses among the common languages here, English when
 * it is plain Latin, and no claim otherwise (the page's language then applies).
 */
const CZECH = /[ěščřžůťďňĚŠČŘŽŮŤĎŇ]/;
const LATIN = /^[\p{Script=Latin}\p{N}\p{P}\p{S}\s]*$/u;

export function textLang(text: string): 'cs' | 'en' | undefined {
  if (CZECH.test(text)) return 'cs';
  return LATIN.test(text) ? 'en' : undefined;
}
