/**
 * The small bilingual pages shown instead of the app: a board link that opens nothing, and an
 * event's outputs that are not (or no longer) public. Czech first, then English; the words come
 * from the UI's catalogues.
 */
import { translate } from '../../src/lib/i18n/translate.js';
import type { Locale } from '../../src/lib/i18n/types.js';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type RefusalKind = 'unauthorized' | 'forbidden' | 'not-found' | 'unpublished' | 'missing';

/** Each page's status; the outputs pages carry a test id and their kind on the body. */
const PAGES: Record<RefusalKind, { status: number; outputs: boolean }> = {
  unauthorized: { status: 401, outputs: false },
  forbidden: { status: 403, outputs: false },
  'not-found': { status: 404, outputs: false },
  unpublished: { status: 410, outputs: true },
  missing: { status: 404, outputs: true }
};

const LANGS: readonly Locale[] = ['cs', 'en'];

export function refusalPage(kind: RefusalKind): { status: number; html: string } {
  const { status, outputs } = PAGES[kind];
  const title = (lang: Locale): string => escape(translate(lang, `refusal.${kind}.title`));
  const text = (lang: Locale): string => escape(translate(lang, `refusal.${kind}.body`));
  const bodyAttributes = outputs ? ` data-testid="outputs-refusal" data-kind="${kind}"` : '';
  const html = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title('cs')} · ${title('en')}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}section+section{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}</style>
</head><body${bodyAttributes}>
${LANGS.map((lang) => `<section lang="${lang}"><h1>${title(lang)}</h1><p>${text(lang)}</p></section>`).join('\n')}
</body></html>`;
  return { status, html };
}
