import { Readable, Writable } from 'node:stream';
import { ZipDeflate } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBundle, writeZip } from '../../../../../server/outputs/exports/zip.js';
import type { MaterialRecord } from '../../../../../server/outputs/materials/material-store.js';

/** A response whose reader stopped reading: it takes one chunk and never asks for more. */
const stalledResponse = (): Writable => new Writable({ highWaterMark: 16, write: () => undefined });

describe('writeZip when the reader goes away', () => {
  const seen: unknown[] = [];
  const record = (reason: unknown): void => void seen.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', record);
    seen.length = 0;
  });

  it('rejects its own promise and leaves no rejection unhandled when the download closes between two entries', async () => {
    process.on('unhandledRejection', record);
    const out = stalledResponse();
    const done = writeZip(out, async (add) => {
      await add(new ZipDeflate('first.txt'), async (w) => void w.write(Buffer.alloc(64, 'a')));
      // The next entry takes a while to render (a PDF in its worker); meanwhile the reader leaves.
      out.destroy();
      await new Promise((r) => setTimeout(r, 20));
      await add(new ZipDeflate('second.txt'), async (w) => void w.write(Buffer.alloc(64, 'b')));
    });
    await expect(done).rejects.toThrow(/closed before the end/);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
  });

  it('ends the read of a material when the download closes in the middle of it', async () => {
    process.on('unhandledRejection', record);
    const out = stalledResponse();
    let served = 0;
    const material = new Readable({
      read() {
        served++;
        this.push(Buffer.alloc(64 * 1024, served));
      }
    });
    // The reader stops reading (backpressure parks the material's read), then leaves.
    setTimeout(() => out.destroy(), 30);
    const done = writeBundle({ boards: [], materials: [{ name: 'slides.pdf' } as MaterialRecord], openMaterial: () => material }, out);
    await expect(done).rejects.toThrow(/closed before the end/);
    await new Promise((r) => setTimeout(r, 50));
    expect(material.destroyed).toBe(true);
    expect(served).toBeLessThan(10);
    expect(seen).toEqual([]);
  });
});
