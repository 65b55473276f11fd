/**
 * The event bundle: every board in every format, plus the materials, as one zip streamed
 * entry by entry (fflate). Board exports are deflated; materials (already compressed) are stored.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { MaterialRecord } from '../materials/material-store.js';
import { EXPORT_FORMATS, slug, type ExportInput } from './context.js';
import { writeExport, type ReportRenderer } from './write.js';

export interface BundleSource {
  boards: ExportInput[];
  materials: MaterialRecord[];
  openMaterial(m: MaterialRecord): NodeJS.ReadableStream;
}

/** A Writable that feeds one zip entry; each chunk waits until the response has room (backpressure). */
function entryWriter(entry: ZipDeflate | ZipPassThrough, room: () => Promise<void>): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      entry.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      room().then(() => done(), done);
    },
    final(done) {
      entry.push(new Uint8Array(0), true);
      done();
    }
  });
}

async function addEntry(zip: Zip, entry: ZipDeflate | ZipPassThrough, room: () => Promise<void>, fill: (out: Writable) => Promise<void>): Promise<void> {
  zip.add(entry);
  const out = entryWriter(entry, room);
  // The writer fails when the download goes away; that failure ends this entry (and the zip),
  // it is never an 'error' event without a listener.
  const written = new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.once('finish', resolve);
  });
  written.catch(() => undefined);
  await fill(out);
  out.end();
  await written;
}

export const unique = (used: Set<string>, name: string): string => {
  let candidate = name;
  for (let i = 2; used.has(candidate); i++) candidate = name.replace(/(\.[^.]+)?$/, `-${i}$1`);
  used.add(candidate);
  return candidate;
};

/** Adds one entry to the zip being written and fills it through a Writable (with backpressure). */
export type AddEntry = (entry: ZipDeflate | ZipPassThrough, fill: (out: Writable) => Promise<void>) => Promise<void>;

/**
 * Streams a zip to `out`, its entries added one by one by `fill` (the caller ends nothing: this
 * ends `out`). When `out` closes or fails before the end (the reader went away, the write timeout
 * cut it), every wait is released and the promise rejects: nothing stays parked on a 'drain' that
 * will never come.
 */
export async function writeZip(out: Writable, fill: (add: AddEntry) => Promise<void>): Promise<void> {
  let blocked: Promise<void> | null = null;
  let gone: Error | null = null;
  /** Fails the wait for 'drain' under way, if any (there is at most one). */
  let failBlocked: ((err: Error) => void) | null = null;
  const room = (): Promise<void> => (gone ? Promise.reject(gone) : (blocked ?? Promise.resolve()));
  return new Promise<void>((resolve, reject) => {
    const stop = (err: Error): void => {
      if (gone) return;
      gone = err;
      failBlocked?.(err);
      failBlocked = null;
      reject(err);
    };
    out.once('close', () => out.writableFinished || stop(new Error('The download was closed before the end')));
    out.once('error', (err) => stop(err));
    const zip = new Zip((err, chunk, final) => {
      if (gone) return;
      if (err) return stop(err);
      if (!out.write(chunk) && !blocked) {
        blocked = new Promise<void>((ok, fail) => {
          failBlocked = fail;
          out.once('drain', () => {
            failBlocked = null;
            blocked = null;
            ok();
          });
        });
        // Nobody may be waiting on it yet (the zip wrote between two entries): its failure is
        // reported through the returned promise, never as an unhandled rejection.
        blocked.catch(() => undefined);
      }
      if (final) out.end(resolve);
    });
    void (async () => {
      await fill((entry, write) => addEntry(zip, entry, room, write));
      zip.end();
    })().catch(stop);
  });
}

/** Writes the event bundle to `out` (and ends it): every board in every format, then the materials. */
export async function writeBundle(source: BundleSource, out: Writable, render?: ReportRenderer): Promise<void> {
  return writeZip(out, async (add) => {
    const used = new Set<string>();
    for (const [i, input] of source.boards.entries()) {
      const dir = unique(used, `${String(i + 1).padStart(2, '0')}-${slug(input.board.title)}`);
      for (const format of EXPORT_FORMATS) await add(new ZipDeflate(`${dir}/${slug(input.board.title)}.${format}`, { level: 6 }), (w) => writeExport(format, input, w, render));
    }
    const names = new Set<string>();
    for (const m of source.materials) {
      const name = unique(names, m.name.replace(/[/\\]/g, '_'));
      // pipeline: when the download goes away, the entry's writer fails and the material's read ends too.
      await add(new ZipPassThrough(`materials/${name}`), (w) => pipeline(source.openMaterial(m), w, { end: false }));
    }
  });
}
