/** The small bilingual pages shown instead of the app when a board link is wrong. */
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type RefusalKind = 'unauthorized' | 'forbidden' | 'not-found';

const TEXT: Record<RefusalKind, { status: number; cs: [string, string]; en: [string, string] }> = {
  unauthorized: {
    status: 401,
    cs: ['Neplatný nebo chybějící odkaz', 'Tento odkaz nefunguje. Požádejte moderátora o nový odkaz.'],
    en: ['Invalid or missing link', 'This link does not work. Ask the moderator for a new link.']
  },
  forbidden: {
    status: 403,
    cs: ['Odkaz patří k jiné roli', 'Tento odkaz neotevírá tuto stránku. Použijte odkaz, který jste dostali.'],
    en: ['This link is for a different role', 'This link does not open this page. Use the link you were given.']
  },
  'not-found': {
    status: 404,
    cs: ['Tabule neexistuje', 'Tabule s tímto odkazem neexistuje.'],
    en: ['No such board', 'There is no board at this address.']
  }
};

export function refusalPage(kind: RefusalKind): { status: number; html: string } {
  const t = TEXT[kind];
  const html = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(t.cs[0])} · ${escape(t.en[0])}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}section+section{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}</style>
</head><body>
<section lang="cs"><h1>${escape(t.cs[0])}</h1><p>${escape(t.cs[1])}</p></section>
<section lang="en"><h1>${escape(t.en[0])}</h1><p>${escape(t.en[1])}</p></section>
</body></html>`;
  return { status: t.status, html };
}
