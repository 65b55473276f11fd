/**
 * The heavy-work worker (server/outputs/heavy/pool.ts) with a real worker thread, and the export slots'
 * write timeout (server/outputs/export-slots.ts) with real sockets: the pieces behind issue 13,
 * findings 4 and 7.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { bigBoardExport } from '../../../bench/scenarios/pdf-export.js';
import { DEFAULT_LIMITS } from '../../../server/app/limits.js';
import { createHeavyPool, HeavyBusyError, HeavyJobError, type HeavyPool } from '../../../server/outputs/heavy/pool.js';
import { createExportSlots } from '../../../server/outputs/export-slots.js';
import { waitFor } from '../../../support/wait.js';

const logger = pino({ level: 'silent' });
const body = (cards: number): Uint8Array => new TextEncoder().encode(JSON.stringify(bigBoardExport(cards)));
const importJob = (cards: number) => ({ kind: 'import' as const, body: body(cards), caps: DEFAULT_LIMITS });

let pool: HeavyPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('heavy-work pool', () => {
  it('builds an import in the worker, and the idle worker exits so its heap is returned', async () => {
    pool = createHeavyPool({ queueLength: 2, jobTimeoutMs: 60_000, heapMb: 256, idleMs: 200, logger });
    const result = await pool.run(importJob(300));
    expect(result.ok && result.cards).toBe(300);
    expect(result.ok && result.update.byteLength).toBeGreaterThan(10_000);
    expect(pool.load().worker).toBe(true);
    await waitFor(() => pool!.load().worker === false, 'the idle worker to exit');
    // The next job starts a fresh worker.
    expect((await pool.run(importJob(5))).ok).toBe(true);
  });

  it('runs one job at a time and refuses beyond the queue at once', async () => {
    pool = createHeavyPool({ queueLength: 1, jobTimeoutMs: 60_000, heapMb: 256, logger });
    const running = pool.run(importJob(800));
    const queued = pool.run(importJob(10));
    expect(pool.load()).toMatchObject({ running: 1, queued: 1 });
    await expect(pool.run(importJob(10))).rejects.toBeInstanceOf(HeavyBusyError);
    // A job that belongs to an admitted download still waits its turn.
    const admitted = pool.run(importJob(10), { admitted: true });
    expect((await running).ok && (await queued).ok && (await admitted).ok).toBe(true);
  });

  it('gives one key at most its share of the queue', async () => {
    pool = createHeavyPool({ queueLength: 4, jobTimeoutMs: 60_000, heapMb: 256, perKey: 2, logger });
    const mine = [pool.run(importJob(600), { key: 'event-a' }), pool.run(importJob(10), { key: 'event-a' })];
    await expect(pool.run(importJob(10), { key: 'event-a' })).rejects.toBeInstanceOf(HeavyBusyError);
    const other = pool.run(importJob(10), { key: 'event-b' });
    for (const r of [...(await Promise.all(mine)), await other]) expect(r.ok).toBe(true);
  });

  it('stops a job whose request went away, and one past its timeout, and keeps serving', async () => {
    pool = createHeavyPool({ queueLength: 2, jobTimeoutMs: 60_000, heapMb: 256, logger });
    const controller = new AbortController();
    const aborted = pool.run(importJob(1500), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(aborted).rejects.toMatchObject({ failure: 'aborted' });
    await pool.close();
    pool = createHeavyPool({ queueLength: 2, jobTimeoutMs: 1, heapMb: 256, logger });
    await expect(pool.run(importJob(1500))).rejects.toMatchObject({ failure: 'timeout' });
    await pool.close();
    pool = createHeavyPool({ queueLength: 2, jobTimeoutMs: 60_000, heapMb: 256, logger });
    expect((await pool.run(importJob(5))).ok).toBe(true);
  });

  it('fails a job that needs more heap than the worker may use, alone', async () => {
    pool = createHeavyPool({ queueLength: 2, jobTimeoutMs: 60_000, heapMb: 64, logger });
    const err = await pool.run({ ...importJob(20_000), caps: { maxImportCards: 1e9, maxImportVotes: 1e9, maxImportPolls: 1e9 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeavyJobError);
    expect((err as HeavyJobError).failure).toBe('memory');
    expect((await pool.run(importJob(5))).ok).toBe(true);
  });

  it('streams a PDF from the worker', async () => {
    pool = createHeavyPool({ queueLength: 2, jobTimeoutMs: 60_000, heapMb: 256, logger });
    const chunks: Uint8Array[] = [];
    const board = { id: 'b', kind: 'main' as const, title: 'Tabule' };
    const { publicContent } = await import('../../../src/lib/board/content.js');
    const { parseBoardImport } = await import('../../../server/outputs/exports/json-import.js');
    const parsed = parseBoardImport(bigBoardExport(40));
    if (!parsed.ok) throw new Error(parsed.message);
    const input = {
      event: { id: 'e', title: 'Akce', date: '2026-12-02', place: 'Praha' },
      board,
      boards: [board],
      content: publicContent(parsed.board.content),
      lang: 'cs' as const,
      exportedAt: 0,
      full: false
    };
    await pool.run({ kind: 'render', format: 'pdf', input }, { onChunk: (c) => chunks.push(c) });
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('export slots', () => {
  let server: Server | null = null;
  afterEach(() => new Promise<void>((resolve) => (server ? (server.closeAllConnections(), server.close(() => resolve())) : resolve())));

  it('cut a download whose reader stalls past the write timeout, and free its slot', async () => {
    const slots = createExportSlots({ max: 1, writeTimeoutMs: 300 });
    const chunk = Buffer.alloc(1024 * 1024, 7);
    server = createServer((req, res) => {
      try {
        slots.acquire(res);
      } catch {
        res.writeHead(429).end();
        return;
      }
      res.writeHead(200);
      // Far more than the socket buffers hold: the reader below never reads.
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const stalled = request({ port, host: '127.0.0.1', path: '/' }, (res) => res.pause());
    stalled.on('error', () => undefined);
    stalled.end();
    await waitFor(() => slots.inUse() === 1, 'the stalled download to hold the slot');
    await waitFor(() => slots.inUse() === 0, 'the write timeout to free the slot', 10_000);
    stalled.destroy();
  });
});
