/**
 * The heavy jobs: what the worker (worker.ts) runs off the event loop, typed once for both
 * sides. Each job is plain data that structured clone carries; a render job (a PDF, Markdown or
 * CSV export) streams its bytes back as chunks before its (empty) result.
 */
import { Writable } from 'node:stream';
import type { BoardContent, HiddenNow } from '../../../src/lib/board/content.js';
import { eraseInState, type Erasure } from '../../../src/lib/board/erasure.js';
import type { ExportInput } from '../exports/context.js';
import { csvChunks } from '../exports/csv.js';
import { writeDossierPdf } from '../exports/dossier-pdf.js';
import { dossierMarkdownChunks } from '../exports/dossier-markdown.js';
import { writeDossierZip, type DossierFormat } from '../exports/dossier-files.js';
import { buildImport, type ImportBuild, type ImportCaps } from '../exports/import-build.js';
import { markdownChunks } from '../exports/markdown.js';
import { writePdf } from '../exports/pdf.js';
import type { ReportFormat } from '../exports/write.js';
import { decodeCheckpoint, replayBody } from '../history/decode.js';
import { foldUpdates } from '../../sync/fold.js';

export type HeavyJob =
  | { kind: 'import'; body: Uint8Array; caps: ImportCaps }
  /** `hidden`: null for the moderator's full replay; the public one leaves out what is hidden now. */
  | { kind: 'replay'; state: Uint8Array; at: number; hidden: HiddenNow | null }
  | { kind: 'decode'; state: Uint8Array }
  /** A history checkpoint with an erasure applied (history/redaction.ts); fails when it does not decode completely. */
  | { kind: 'erase'; state: Uint8Array; erasure: Erasure; at: number }
  /** A document's stored updates folded into one compaction snapshot (sync/fold.ts). */
  | { kind: 'fold'; updates: Uint8Array[] }
  | { kind: 'render'; format: ReportFormat; input: ExportInput }
  /** An organization's dossier (exports/dossier.ts), streamed like a render job. */
  /** `orgId` null: every dossier of the board in one zip. */
  | { kind: 'dossier'; format: DossierFormat; input: ExportInput; orgId: string | null };

export interface HeavyResults {
  import: ImportBuild;
  replay: string;
  decode: BoardContent;
  /** Null when the checkpoint holds nothing of the erasure. */
  erase: Uint8Array | null;
  fold: Uint8Array;
  render: null;
  dossier: null;
}

export type JobKind = HeavyJob['kind'];
export type JobOf<K extends JobKind> = Extract<HeavyJob, { kind: K }>;

/** Parent → worker. */
export interface JobMessage {
  id: number;
  job: HeavyJob;
}

/** Worker → parent. */
export type WorkerMessage =
  { id: number; type: 'chunk'; chunk: Uint8Array } | { id: number; type: 'done'; result: HeavyResults[JobKind] } | { id: number; type: 'failed'; message: string };

/** Text chunks of a Markdown or CSV export are sent in batches of about this many characters. */
const TEXT_BATCH = 64 * 1024;

/** Runs one job in the current thread; `emit` receives a rendered export's bytes in order. */
export async function runJob(job: HeavyJob, emit: (chunk: Uint8Array) => void): Promise<HeavyResults[JobKind]> {
  switch (job.kind) {
    case 'import':
      return buildImport(job.body, job.caps);
    case 'replay':
      return replayBody(job.state, job.at, job.hidden);
    case 'decode':
      return decodeCheckpoint(job.state);
    case 'erase':
      return eraseInState(job.state, job.erasure, job.at);
    case 'fold':
      return foldUpdates(job.updates);
    case 'render':
      await render(job.format, job.input, emit);
      return null;
    case 'dossier':
      if (job.orgId === null) await writeDossierZip(job.format, job.input, pdfSink(emit));
      else if (job.format === 'pdf') await writeDossierPdf(job.input, job.orgId, pdfSink(emit));
      else emitText(dossierMarkdownChunks(job.input, job.orgId), emit);
      return null;
    default: {
      const never: never = job;
      throw new Error(`Unknown job ${String(never)}`);
    }
  }
}

/** A Writable that hands a PDF's or a zip's bytes to `emit`. */
function pdfSink(emit: (chunk: Uint8Array) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      emit(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      done();
    }
  });
}

/** Text chunks encoded and sent in batches of about TEXT_BATCH characters. */
function emitText(chunks: Iterable<string>, emit: (chunk: Uint8Array) => void): void {
  const encoder = new TextEncoder();
  let batch = '';
  for (const text of chunks) {
    batch += text;
    if (batch.length >= TEXT_BATCH) {
      emit(encoder.encode(batch));
      batch = '';
    }
  }
  if (batch) emit(encoder.encode(batch));
}

async function render(format: ReportFormat, input: ExportInput, emit: (chunk: Uint8Array) => void): Promise<void> {
  if (format === 'pdf') return writePdf(input, pdfSink(emit));
  emitText(format === 'md' ? markdownChunks(input) : csvChunks(input), emit);
}

/** What a result may move instead of copying (the bytes of an update). */
export function transferables(result: HeavyResults[JobKind]): ArrayBuffer[] {
  if (result instanceof Uint8Array) return [result.buffer as ArrayBuffer];
  if (result && typeof result === 'object' && 'update' in result && 'publicUpdate' in result)
    return [result.update.buffer as ArrayBuffer, result.publicUpdate.buffer as ArrayBuffer];
  return [];
}
