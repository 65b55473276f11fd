/**
 * Rewriting the history checkpoints after an erasure (server/outputs/history/redaction.ts):
 *   H1  the event loop stays responsive while 300 checkpoints of a 300-card board are rewritten
 *       as the server does it (decoded on the heavy-work worker): a 5 ms interval keeps ticking
 *       (the largest gap between two ticks is measured, not the time of the whole rewrite; of up
 *       to three runs, as a loaded machine stalls a process at random), and every checkpoint ends
 *       up erased;
 *   H2  two erasures of one board asked for at once both hold in every checkpoint: the second
 *       rewrite reads what the first one wrote instead of overwriting it with an older copy;
 *   H3  `idle` (what a purge waits for) resolves only once every rewrite of the board is done.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, boardSetup, initBoard, LOCAL, readBoard } from '../../../../../src/lib/board/index.js';
import { createMemoryCheckpointStore } from '../../../../../server/infra/memory/checkpoint-store-memory.js';
import pino from 'pino';
import { createHeavyPool } from '../../../../../server/outputs/heavy/pool.js';
import { createCheckpointRedactor, eraseOnWorker } from '../../../../../server/outputs/history/redaction.js';
import { createProcessCheckpointLocks } from '../../../../../server/outputs/history/checkpoint-lock.js';

const BOARD = 'b-history';
const SECRET = 'Jana Nováková +420 777 123 456';
const OTHER_SECRET = 'Karel Vomáčka, karel.vomacka@seznam.cz';
const has = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

/** A board with `cards` cards, two of which hold personal data. */
function bigBoard(cards: number): { doc: Y.Doc; secret: string; other: string } {
  const doc = new Y.Doc({ gc: true });
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const topicId = readBoard(doc).topics[0].id;
  const add = (text: string) => addCard(doc, { kind: 'weakness', text, orgId: null, author: 'Petr', authorKey: 'k1', topicId }, LOCAL);
  const secret = add(`Zavolejte: ${SECRET}`);
  const other = add(`Pište: ${OTHER_SECRET}`);
  for (let i = 0; i < cards - 2; i++) add(`Karta ${i}: úřední dopisy jsou jen v češtině a tlumočníci chybí na většině odborů magistrátu`.repeat(2));
  return { doc, secret, other };
}

async function storeWith(state: Uint8Array, checkpoints: number) {
  const store = createMemoryCheckpointStore();
  for (let i = 0; i < checkpoints; i++) await store.addCheckpoint(BOARD, 1_000 + i, state);
  return store;
}

async function everyCheckpoint(store: ReturnType<typeof createMemoryCheckpointStore>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const at of await store.listCheckpoints(BOARD)) out.push((await store.getCheckpoint(BOARD, at)) as Uint8Array);
  return out;
}

/** Records the largest gap between the ticks of a 5 ms interval while `work` runs. */
async function maxTickGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 5);
  try {
    await work();
    // One more tick, so a block at the very end is measured too.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    clearInterval(timer);
  }
  return max;
}

describe('rewriting history checkpoints after an erasure', () => {
  it('H1 300 checkpoints of a 300-card board: the event loop keeps ticking (largest gap under 200 ms), and every checkpoint is erased', async () => {
    const { doc, secret } = bigBoard(300);
    const state = Y.encodeStateAsUpdate(doc);
    const heavy = createHeavyPool({ queueLength: 4, jobTimeoutMs: 60_000, heapMb: 256, logger: pino({ level: 'silent' }) });
    // What one checkpoint costs here, so a failure says whether the design or the machine is to blame.
    const t0 = performance.now();
    Y.applyUpdate(new Y.Doc(), state);
    const decodeMs = performance.now() - t0;
    // A loaded 2-core machine stalls a process now and then for a few hundred ms, at random; a
    // design that blocks the loop blocks it on every run (the old one for seconds): up to three
    // runs, and one of them must keep every gap under 200 ms.
    const gaps: number[] = [];
    try {
      while (gaps.length < 3 && !gaps.some((g) => g < 200)) {
        const store = await storeWith(state, 300);
        const redactor = createCheckpointRedactor(store, createProcessCheckpointLocks(store), { erase: eraseOnWorker(heavy) });
        let result: Awaited<ReturnType<typeof redactor.redact>> | undefined;
        const started = performance.now();
        gaps.push(await maxTickGap(async () => (result = await redactor.redact(BOARD, { kind: 'card', id: secret, text: 'Kontakt odstraněn' }, 5_000))));
        console.info(
          `H1: ${state.byteLength} B per checkpoint, one decode ${decodeMs.toFixed(1)} ms, 300 rewritten in ${(performance.now() - started).toFixed(0)} ms, largest tick gap ${gaps.at(-1)?.toFixed(1)} ms`
        );
        expect(result).toEqual({ rewritten: 300, deleted: 0 });
        for (const cp of await everyCheckpoint(store)) expect(has(cp, SECRET)).toBe(false);
      }
    } finally {
      await heavy.close();
    }
    expect(Math.min(...gaps), `largest gap between ticks, per run: ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`).toBeLessThan(200);
  }, 240_000);

  it('H2 two erasures of one board at once: both hold in every checkpoint', async () => {
    const { doc, secret, other } = bigBoard(20);
    const store = await storeWith(Y.encodeStateAsUpdate(doc), 40);
    // One checkpoint per slice: the two rewrites would interleave at every checkpoint if they could.
    const redactor = createCheckpointRedactor(store, createProcessCheckpointLocks(store), { sliceMax: 1 });
    const results = await Promise.all([
      redactor.redact(BOARD, { kind: 'card', id: secret, text: 'Kontakt odstraněn' }, 5_000),
      redactor.redact(BOARD, { kind: 'withdraw-card', id: other }, 5_001)
    ]);
    expect(results).toEqual([
      { rewritten: 40, deleted: 0 },
      { rewritten: 40, deleted: 0 }
    ]);
    for (const cp of await everyCheckpoint(store)) {
      expect(has(cp, SECRET), 'the redacted text').toBe(false);
      expect(has(cp, OTHER_SECRET), 'the withdrawn card').toBe(false);
    }
  });

  it('H3 idle resolves once every rewrite of the board, running or waiting, is done; at once for a board with none', async () => {
    const { doc, secret, other } = bigBoard(20);
    const store = await storeWith(Y.encodeStateAsUpdate(doc), 30);
    const redactor = createCheckpointRedactor(store, createProcessCheckpointLocks(store), { sliceMax: 1 });
    let done = 0;
    void redactor.redact(BOARD, { kind: 'card', id: secret, text: 'Kontakt odstraněn' }, 5_000).then(() => (done += 1));
    void redactor.redact(BOARD, { kind: 'withdraw-card', id: other }, 5_001).then(() => (done += 1));
    await redactor.idle(BOARD);
    expect(done).toBe(2);
    await redactor.idle('another-board');
  });
});
