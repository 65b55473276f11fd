/** The bilingual page shown at /outputs/<eventId> when there is nothing public to show. */
const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXT = {
  unpublished: {
    status: 410,
    cs: ['Výstupy nejsou zveřejněny', 'Moderátor výstupy této akce zatím nezveřejnil, nebo je skryl.'],
    en: ['Outputs are not published', 'The moderator has not published the outputs of this event, or has hidden them.']
  },
  missing: {
    status: 404,
    cs: ['Výstupy nenalezeny', 'Na této adrese nejsou žádné výstupy.'],
    en: ['No outputs here', 'There are no outputs at this address.']
  }
} as const;

export function outputsRefusalPage(kind: keyof typeof TEXT): { status: number; html: string } {
  const t = TEXT[kind];
  const html = `<!doctype html>
<html lang="cs"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(t.cs[0])} · ${escape(t.en[0])}</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}section+section{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}</style>
</head><body data-testid="outputs-refusal" data-kind="${kind}">
<section lang="cs"><h1>${escape(t.cs[0])}</h1><p>${escape(t.cs[1])}</p></section>
<section lang="en"><h1>${escape(t.en[0])}</h1><p>${escape(t.en[1])}</p></section>
</body></html>`;
  return { status: t.status, html };
}
