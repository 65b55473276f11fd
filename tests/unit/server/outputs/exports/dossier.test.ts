/**
 * Dossiers per organization (issue 21, point 1): exactly the organization's visible cards, the
 * clusters it shares ("raised by Brno, Plzeň and Praha 14"), the top voted cards of its topics,
 * the questions addressed to it or asked in its topics; never a hidden card, a hidden comment,
 * redacted text or a person's name. Read back from the PDF with pdftotext, and from Markdown.
 */
import { PassThrough } from 'node:stream';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeDossierZip } from '../../../../../server/outputs/exports/dossier-files.js';
import { dossierMarkdownChunks } from '../../../../../server/outputs/exports/dossier-markdown.js';
import { writeDossierPdf } from '../../../../../server/outputs/exports/dossier-pdf.js';
import { D, dossierInput } from '../../../../helpers/dossier-fixture.js';
import { pdfText } from '../../../../helpers/pdf-text.js';

const flat = (s: string): string => s.replace(/\s+/g, ' ');

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

const ABSENT = [D.ownCluster, D.brnoHidden, D.brnoRedactedOld, D.plzenElsewhere, D.questionElsewhere, D.praha7Hidden, D.hiddenComment, D.author, 'Praha 7'];

function expectBrnoDossier(text: string, raisedBy: string): void {
  for (const s of [D.brnoA, D.brnoB, D.brnoRedactedNew, D.questionToBrno, D.questionInTopic, D.comment, D.cluster, raisedBy]) expect(text).toContain(s);
  for (const s of ABSENT) expect(text).not.toContain(s);
}

describe('dossier per organization', { timeout: 30_000 }, () => {
  it('PDF: exactly its cards by topic, its shared cluster "raised by …", questions; no hidden, redacted or other organizations’ own cards', async () => {
    const { input, orgs } = dossierInput('en');
    const text = flat(pdfText(await collect((out) => writeDossierPdf(input, orgs.brno, out))));
    expect(text).toContain('Dossier: Brno');
    expectBrnoDossier(text, `${D.cluster} — raised by Brno, Plzeň and Praha 14`);
    for (const s of [
      'Its cards by topic',
      'Clusters shared with other organizations',
      'Top voted in its topics',
      'Audience questions addressed to it or asked in its topics',
      '2 votes'
    ])
      expect(text).toContain(s);
  });

  it('PDF in Czech lists the organizations with "a"', async () => {
    const { input, orgs } = dossierInput('cs');
    const text = flat(pdfText(await collect((out) => writeDossierPdf(input, orgs.brno, out))));
    expect(text).toContain('Dosiér: Brno');
    expect(text).toContain(`${D.cluster} — uvádějí Brno, Plzeň a Praha 14`);
  });

  it('Markdown: the same content, the moderator’s full input reduced to the public one', async () => {
    const { input, orgs } = dossierInput('en');
    expect(input.full).toBe(true);
    const md = [...dossierMarkdownChunks(input, orgs.brno)].join('');
    expect(md.startsWith('# Dossier: Brno\n')).toBe(true);
    expectBrnoDossier(md, `**${D.cluster}** — raised by Brno, Plzeň and Praha 14`);
  });

  it('another organization’s dossier holds its own cards, not Brno’s', async () => {
    const { input, orgs } = dossierInput('en');
    const md = [...dossierMarkdownChunks(input, orgs.praha14)].join('');
    expect(md).toContain(D.praha14A);
    // Brno's card in Praha 14's topic is there only as a top voted card of that topic, never under "Its cards".
    const own = md.slice(md.indexOf('## Its cards by topic'), md.indexOf('## Clusters shared'));
    expect(own).toContain(D.praha14A);
    expect(own).not.toContain(D.brnoA);
    expect(md).not.toContain(D.brnoB);
  });

  it('zip: one file per organization with a visible card (none for Praha 7, whose only card is hidden)', async () => {
    const { input } = dossierInput('en');
    for (const format of ['pdf', 'md'] as const) {
      const files = unzipSync(new Uint8Array(await collect((out) => writeDossierZip(format, input, out))));
      expect(Object.keys(files).sort()).toEqual([`dossier-brno.${format}`, `dossier-plzen.${format}`, `dossier-praha-14.${format}`]);
    }
  });

  it('an unknown organization is an error, not an empty dossier', () => {
    const { input } = dossierInput('en');
    expect(() => [...dossierMarkdownChunks(input, 'nope')]).toThrow(/No organization/);
  });
});
