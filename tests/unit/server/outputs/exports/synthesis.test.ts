/**
 * "What the hall agreed on" (issue 21, point 2) in the board report: the clusters raised by
 * several organizations, the top 10 (only entries with votes), and the organizations × topics
 * matrix with card headlines on landscape pages (PDF) or as a table (Markdown). Hidden cards
 * never count: a hidden Praha 7 card in the shared cluster does not make Praha 7 a raiser.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stateFromContent } from '../../../../../src/lib/board/content.js';
import { headline, synthesis } from '../../../../../src/lib/board/synthesis.js';
import { markdownChunks } from '../../../../../server/outputs/exports/markdown.js';
import { writePdf } from '../../../../../server/outputs/exports/pdf.js';
import { D, dossierInput } from '../../../../helpers/dossier-fixture.js';
import { pdfInfo, pdfPageText } from '../../../../helpers/pdf-text.js';

const flat = (s: string): string => s.replace(/\s+/g, ' ');

describe('what the hall agreed on', { timeout: 30_000 }, () => {
  it('selects shared clusters by their visible cards, the voted entries only, and headlines per matrix cell', () => {
    const { input, orgs } = dossierInput('en');
    const s = synthesis(stateFromContent(input.content));
    // Brno's own cluster is raised by Brno alone: not shared.
    expect(s.shared.map((c) => [c.cluster.title, c.orgNames])).toEqual([[D.cluster, ['Brno', 'Plzeň', 'Praha 14']]]);
    expect(s.shared[0].orgIds).not.toContain(orgs.praha7);
    // The cluster (3 distinct voters) and Plzeň's card (3): nothing without a vote, nothing hidden.
    expect(s.top.map((e) => e.cluster?.title ?? e.card.text)).toEqual([D.cluster, D.plzenElsewhere]);
    const brnoRow = s.matrix.cells[s.matrix.orgs.findIndex((o) => o.id === orgs.brno)];
    expect(brnoRow[0].headlines).toEqual([headline(D.brnoA)]);
    expect(brnoRow.flatMap((c) => c.headlines).join(' ')).not.toContain(D.brnoHidden);
  });

  it('cuts a headline at a word with an ellipsis', () => {
    expect(headline('short')).toBe('short');
    const long = headline('Kapacita kurzů češtiny pro dospělé nestačí, čekací lhůty jsou několik měsíců a roste zájem.');
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long.endsWith('…')).toBe(true);
  });

  // pdftotext reads a table's cells side by side: the matrix's headlines are checked by their first words.
  it('PDF: its own landscape pages after the title page, with the raisers named, the top entries and the matrix headlines', async () => {
    const { input } = dossierInput('en');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writePdf(input, out);
    const pdf = Buffer.concat(chunks);
    const { pages } = pdfInfo(pdf);
    const texts = pages.map((_, i) => flat(pdfPageText(pdf, i + 1)));
    const at = texts.findIndex((text) => text.includes('What the hall agreed on'));
    expect(at).toBe(1);
    const synthesisText = texts
      .slice(
        at,
        pages.findIndex((p, i) => i > at && p.height > p.width)
      )
      .join(' ');
    expect(pages[at].width).toBeGreaterThan(pages[at].height);
    for (const s of [
      'Raised by several organizations',
      `${D.cluster} — raised by Brno, Plzeň and Praha 14`,
      'Top 10 by votes',
      `2. ${D.plzenElsewhere}`,
      'Organizations × topics',
      '• BRNO-B',
      '• PRAHA14-A Čeština pro rodiče'
    ])
      expect(synthesisText).toContain(s);
    expect(synthesisText).not.toContain('3. ');
    for (const secret of [D.brnoHidden, D.praha7Hidden, D.brnoRedactedOld]) expect(texts.join(' ')).not.toContain(secret);
  });

  it('Markdown: the same section, the matrix as a table of headlines', () => {
    const { input } = dossierInput('en');
    const md = [...markdownChunks(input)].join('');
    const part = md.slice(md.indexOf('## What the hall agreed on'), md.indexOf('## All cards by topic'));
    expect(part).toContain(`- **${D.cluster}** — raised by Brno, Plzeň and Praha 14`);
    expect(part).toContain('### Top 10 by votes\n\n1. ');
    expect(part).toContain(`2. ${D.plzenElsewhere}`);
    expect(part).not.toMatch(/^3\. /m);
    expect(part).toContain('| Organization | Language and education |'.replace('Language and education', 'Jazyk a vzdělávání'));
    expect(part).toMatch(new RegExp(`\\| Brno \\| ${headline(D.brnoA)} \\|`));
    for (const secret of [D.brnoHidden, D.praha7Hidden, D.brnoRedactedOld]) expect(md).not.toContain(secret);
  });
});
