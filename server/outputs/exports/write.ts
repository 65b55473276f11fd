/** Streams one board export in a given format to a writable (an HTTP response or a zip entry). */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat, ExportInput } from './context.js';
import { csvChunks } from './csv.js';
import { jsonChunks } from './json.js';
import { markdownChunks } from './markdown.js';
import { writePdf } from './pdf.js';

/** The formats built from the whole report or board at once: PDF, Markdown, CSV (JSON streams item by item). */
export const REPORT_FORMATS = ['pdf', 'md', 'csv'] as const satisfies readonly ExportFormat[];
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const isReportFormat = (f: ExportFormat): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f);

/** Renders a report format into `out` elsewhere (the heavy-work worker, server/outputs/heavy/). */
export type ReportRenderer = (format: ReportFormat, input: ExportInput, out: Writable) => Promise<void>;

/** Streams `format` into `out`: in this thread, or the report formats through `render`. */
export async function writeExport(format: ExportFormat, input: ExportInput, out: Writable, render?: ReportRenderer): Promise<void> {
  if (render && isReportFormat(format)) return render(format, input, out);
  switch (format) {
    case 'pdf':
      return writePdf(input, out);
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
