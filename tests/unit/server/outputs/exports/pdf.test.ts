import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writePdf } from '../../../../../server/outputs/exports/pdf.js';
import type { ExportInput } from '../../../../../server/outputs/exports/context.js';
import { COMMENT, demoInput, fixtureInput, HIDDEN_COMMENT, HIDDEN_OPTION, HIDDEN_TEXT, PANGRAM, POLL_QUESTION } from '../../../../helpers/outputs-fixture.js';
import { pdfInfo, pdfPages, pdfPageText, pdfText } from '../../../../helpers/pdf-text.js';

async function render(input: ExportInput): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writePdf(input, out);
  return Buffer.concat(chunks);
}

/** pdftotext breaks lines where the PDF wraps them; compare on single spaces. */
const flat = (s: string): string => s.replace(/\s+/g, ' ');

// Each test renders reports and reads them back with poppler: a loaded machine takes seconds.
describe('PDF report', { timeout: 30_000 }, () => {
  it('renders Czech text with every diacritic (embedded DejaVu font)', async () => {
    const pdf = await render(fixtureInput({ full: true }));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = flat(pdfText(pdf));
    expect(text).toContain(PANGRAM);
    expect(text).toContain('ě š č ř ž ý á í é ů ú ň ť ď');
    expect(text).toContain('České Budějovice a Ústí nad Labem');
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
  });

  it('has a title page, a summary with counts, top voted and matrix, then cards by topic', async () => {
    const pdf = await render(fixtureInput({ full: true }));
    const text = flat(pdfText(pdf));
    for (const s of [
      'Výzvy integrace – Plzeň',
      'Zpráva',
      'Akce: Konference Výzvy integrace',
      'Datum: 2026-11-27',
      'Místo: Nová radnice, Praha',
      '• Workshop B: Práce',
      'Shrnutí',
      'Karty podle typu',
      'Karty podle organizace',
      'Karty podle tématu',
      'Nejvíce hlasů',
      'Organizace × témata',
      'Všechny karty podle témat',
      'Jazyk a vzdělávání',
      'Skupina: Jazyk a bydlení',
      '2 hlasy'
    ])
      expect(text).toContain(s);
    expect(text.indexOf('Shrnutí')).toBeLessThan(text.indexOf('Všechny karty podle témat'));
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(3);
  });

  it('never prints hidden card text, hidden comments, or an option taken from a hidden card', async () => {
    for (const full of [true, false]) {
      const text = flat(pdfText(await render(fixtureInput({ full }))));
      for (const secret of [HIDDEN_TEXT, HIDDEN_COMMENT, HIDDEN_OPTION]) expect(text).not.toContain(secret);
    }
  });

  it('has the polls with their results in Czech, clusters counted once, and comments under their card', async () => {
    const text = flat(pdfText(await render(fixtureInput({ full: true }))));
    for (const s of [
      'Ankety',
      POLL_QUESTION,
      'otevřená · jedna volba · 3 hlasující',
      'Bydlení v Budějovicích: 2 hlasy (67 %)',
      'Jazykové kurzy pro dospělé: 1 hlas (33 %)',
      'uzavřená · více voleb · 1 hlasující',
      'Skupiny',
      'Jazyk a bydlení (2 karty, uvedly 2 organizace)',
      `– ${COMMENT} (Olena, Plzeň)`
    ])
      expect(text).toContain(s);
    expect(text.indexOf('Ankety')).toBeLessThan(text.indexOf('Všechny karty podle témat'));
  });

  it('has English headings with lang=en', async () => {
    const text = flat(pdfText(await render(fixtureInput({ full: true, lang: 'en' }))));
    expect(text).toContain('Summary');
    expect(text).toContain('Organizations × topics');
    expect(text).toContain('Kind');
  });

  describe('layout (issue 18, point 14)', () => {
    it('names the report once in its Title: a main board carrying the event’s title is not "X – X"', async () => {
      expect(pdfInfo(await render(demoInput())).title).toBe('Výzvy integrace 2026');
      expect(pdfInfo(await render(fixtureInput({ full: true }))).title).toBe('Výzvy integrace – Plzeň – Konference Výzvy integrace');
    });

    it('numbers every page but the title page, "Strana N z M", under a running header with the report’s title', async () => {
      for (const input of [demoInput(), fixtureInput({ full: true })]) {
        const pdf = await render(input);
        const pages = pdfPages(pdf);
        // pdftotext ends every page with a form feed.
        const texts = pdfText(pdf).split('\f').slice(0, pages).map(flat);
        expect(pages).toBeGreaterThanOrEqual(3);
        expect(texts[0]).not.toMatch(/Strana \d+ z \d+/);
        for (let n = 2; n <= pages; n++) {
          const text = texts[n - 1];
          expect(text).toContain(`Strana ${n} z ${pages}`);
          expect(text).toContain(input.board.title);
          expect(text).toContain(input.event.date);
        }
      }
      expect(flat(pdfPageText(await render(demoInput('en')), 2))).toMatch(/Page 2 of \d+/);
    });

    it('puts the summary on the title page, what the hall agreed on and the matrix on landscape pages; the rest is portrait', async () => {
      const pdf = await render(demoInput());
      const first = flat(pdfPageText(pdf, 1));
      for (const s of ['Výzvy integrace 2026', 'Zpráva', 'Shrnutí', 'Karty podle typu', 'Karty podle organizace', 'Karty podle tématu', 'Nejvíce hlasů'])
        expect(first).toContain(s);
      const { pages } = pdfInfo(pdf);
      const texts = pages.map((_, i) => flat(pdfPageText(pdf, i + 1)));
      const synthesisPage = texts.findIndex((text) => text.includes('Na čem se sál shodl')) + 1;
      const matrixPage = texts.findIndex((text) => text.includes('Organizace × témata')) + 1;
      expect(synthesisPage).toBe(2);
      expect(matrixPage).toBeGreaterThanOrEqual(synthesisPage);
      pages.forEach((size, i) => {
        if (i + 1 >= synthesisPage && i + 1 <= matrixPage) expect(size.width).toBeGreaterThan(size.height);
        else expect(size.height).toBeGreaterThan(size.width);
      });
    });

    it('never gives a single poll a page of its own, and the demo board takes 4 pages (5 before; the synthesis added one)', async () => {
      const pdf = await render(demoInput());
      const pages = pdfPages(pdf);
      const pollPage = Array.from({ length: pages }, (_, i) => flat(pdfPageText(pdf, i + 1))).find((text) => text.includes('Co řešit jako první?'));
      expect(pollPage).toContain('Všechny karty podle témat');
      expect(pollPage).toContain('Kapacita kurzů češtiny');
      expect(pages).toBeLessThanOrEqual(4);
    });
  });
});
