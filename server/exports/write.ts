/** Streams one board export in a given format to a writable (an HTTP response or a zip entry). */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat, ExportInput } from './context.js';
import { csvChunks } from './csv.js';
import { jsonChunks } from './json.js';
import { markdownChunks } from './markdown.js';
import { writePdf } from './pdf.js';

/** Renders a PDF report into `out`: in this thread (writePdf), or in the heavy-work worker (server/heavy/). */
export type PdfRenderer = (input: ExportInput, out: Writable) => Promise<void>;

export async function writeExport(format: ExportFormat, input: ExportInput, out: Writable, pdf: PdfRenderer = writePdf): Promise<void> {
  switch (format) {
    case 'pdf':
      return pdf(input, out);
    case 'md':
      return pipeline(Readable.from(markdownChunks(input)), out, { end: false });
    case 'csv':
      return pipeline(Readable.from(csvChunks(input)), out, { end: false });
    case 'json':
      return pipeline(Readable.from(jsonChunks(input)), out, { end: false });
    default: {
      const never: never = format;
      throw new Error(`Unknown format ${String(never)}`);
    }
  }
}
