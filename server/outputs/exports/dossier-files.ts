/** A dossier as a file: its formats and name, one written into a stream, or all of a board's in one zip. */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipDeflate } from 'fflate';
import { stateFromContent } from '../../../src/lib/board/content.js';
import { orgsWithCards } from '../../../src/lib/board/synthesis.js';
import { DOSSIER_FORMATS, type DossierFormat } from '../../../src/lib/protocol/outputs.js';
import { slug, type ExportInput } from './context.js';
import { dossierMarkdownChunks } from './dossier-markdown.js';
import { writeDossierPdf } from './dossier-pdf.js';
import { unique, writeZip } from './zip.js';

export { DOSSIER_FORMATS, type DossierFormat };
export const isDossierFormat = (v: string): v is DossierFormat => (DOSSIER_FORMATS as readonly string[]).includes(v);

export const dossierFileName = (orgName: string, format: DossierFormat | 'zip'): string => `dossier-${slug(orgName, 'organization')}.${format}`;

/** Streams the dossier of `orgId` into `out` (left open). */
export async function writeDossier(format: DossierFormat, input: ExportInput, orgId: string, out: Writable): Promise<void> {
  if (format === 'pdf') return writeDossierPdf(input, orgId, out);
  return pipeline(Readable.from(dossierMarkdownChunks(input, orgId)), out, { end: false });
}

/** One file per organization with a visible card, in the board's order; ends `out`. */
export async function writeDossierZip(format: DossierFormat, input: ExportInput, out: Writable): Promise<void> {
  const orgs = orgsWithCards(stateFromContent(input.content));
  return writeZip(out, async (add) => {
    const used = new Set<string>();
    for (const org of orgs) await add(new ZipDeflate(unique(used, dossierFileName(org.name, format)), { level: 6 }), (w) => writeDossier(format, input, org.id, w));
  });
}
