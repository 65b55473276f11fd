/**
 * Hostile use of redaction against the event loop (docs/redaction.md, "What an erasure costs the
 * event loop"): a moderator link of one's own event is enough to redact over and over, and each
 * redaction compacts the board's stored documents and rewrites its history. With the SQLite and
 * the Redis store; the loop's longest stop is the most CPU time its thread spent between two
 * ticks of a 5 ms timer (`loopBlock`), of up to three runs.
 *   L1  on a 300-card board with a stored log and a history, a script redacting a card three
 *       times in a row: the loop never stops for 50 ms or more, and every redaction holds;
 *   L2  on a 2,000-card board, the compaction an erasure runs (the stored log folded into one
 *       snapshot): the loop never stops for 50 ms or more (the fold runs on the heavy-work
 *       worker). A whole redaction there is measured and reported, not bounded: it also
 *       checkpoints the board and scrubs the medium (see the doc).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, editCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';

const BUDGET_MS = 50;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time this thread has run, in ms (Linux: the scheduler's own count, in ns). */
const threadCpuMs = (): number => Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;

interface Block {
  /** The most CPU time the loop spent between two ticks of a 5 ms timer: its longest stretch of work. */
  cpuMs: number;
  /** The largest gap between two ticks, waiting for a core included (a loaded machine's share). */
  wallMs: number;
}

/**
 * How long the event loop went without turning while `work` ran. The wall-clock gap between
 * ticks also counts the time the thread waited for a core, which on a shared 2-core machine
 * (load average 20 and more while other suites run) is most of it; the thread's own CPU time
 * between ticks is the work that held the loop, whatever the load.
 */
async function loopBlock(work: () => Promise<unknown>): Promise<Block> {
  let [lastWall, lastCpu] = [performance.now(), threadCpuMs()];
  const block: Block = { cpuMs: 0, wallMs: 0 };
  const timer = setInterval(() => {
    const [wall, cpu] = [performance.now(), threadCpuMs()];
    block.wallMs = Math.max(block.wallMs, wall - lastWall);
    block.cpuMs = Math.max(block.cpuMs, cpu - lastCpu);
    [lastWall, lastCpu] = [wall, cpu];
  }, 5);
  try {
    await work();
    await sleep(20); // a block at the very end is measured too
  } finally {
    clearInterval(timer);
  }
  return { cpuMs: Math.round(block.cpuMs), wallMs: Math.round(block.wallMs) };
}

/** Up to three runs of `work`, until one stays under the budget. */
async function bestOfThree(work: (run: number) => Promise<unknown>): Promise<Block[]> {
  const runs: Block[] = [];
  for (let run = 0; run < 3 && !runs.some((r) => r.cpuMs < BUDGET_MS); run++) runs.push(await loopBlock(() => work(run)));
  return runs;
}

const show = (runs: Block[]): string => runs.map((r) => `${r.cpuMs} ms of work (${r.wallMs} ms wall)`).join(', ');
const best = (runs: Block[]): number => Math.min(...runs.map((r) => r.cpuMs));

interface Seeded {
  ev: TestEvent;
  writer: ProviderClient;
  mod: TestSocket;
  ids: string[];
}

/** A board of `cards` cards, with a stored log after its snapshot and a few checkpoints. */
async function seed(ts: TestServer, cards: number): Promise<Seeded> {
  const ev = await createTestEvent(ts.url);
  const writer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
  const mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
  const key = participantKey(ev.boardId, writer.deviceId);
  const topicId = readBoard(writer.doc).topics[0].id;
  const ids: string[] = [];
  for (let i = 0; i < cards; i++) {
    ids.push(
      addCard(
        writer.doc,
        { kind: 'weakness', text: `Karta ${i}: úřední dopisy jsou jen v češtině a tlumočníci chybí na odborech`, orgId: null, author: 'Petr', authorKey: key, topicId },
        LOCAL
      )
    );
    if (i % 50 === 49) await sleep(20);
  }
  await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.length >= cards), 'the cards to reach the server', 120_000);
  for (let i = 0; i < 20; i++) {
    editCard(writer.doc, ids[i + 1], { text: `Karta ${i + 1}: upraveno ${i}` }, LOCAL);
    await sleep(30);
  }
  await waitFor(async () => (await ts.server.checkpoints.listCheckpoints(ev.boardId)).length >= 3, 'a few checkpoints', 60_000);
  return { ev, writer, mod, ids };
}

const redact = (s: Seeded, cardId: string, text: string) => s.mod.timeout(120_000).emitWithAck('card:redact', { cardId, text });

describe.each(['sqlite', 'redis'] as const)('redacting over and over (%s store)', (store) => {
  let redis: TestRedis | undefined;
  let ts: TestServer;
  const boards: Seeded[] = [];

  beforeAll(async () => {
    redis = store === 'redis' ? await startPrivateRedis() : undefined;
    const scaleOut: Record<string, string> = redis ? { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('erasure-loop') } : {};
    ts = await startTestServer({ env: { ...scaleOut, LIMIT_CHECKPOINT_INTERVAL_MS: '200', LIMIT_ACTIONS_PER_SECOND: '1000' } });
  });
  afterAll(async () => {
    for (const b of boards) {
      b.mod.close();
      b.writer.destroy();
    }
    await ts?.dispose();
    await redis?.stop();
  });

  it(`L1 300 cards: three redactions in a row never stop the event loop for ${BUDGET_MS} ms`, async () => {
    const board = await seed(ts, 300);
    boards.push(board);
    const target = board.ids[0];
    const runs = await bestOfThree(async (run) => {
      for (let i = 0; i < 3; i++) expect(await redact(board, target, `Upraveno moderátorem ${run}.${i}`)).toEqual({ ok: true });
    });
    console.info(`L1 ${store}, 300 cards, the loop's longest stop per run of three redactions: ${show(runs)}`);
    expect(best(runs)).toBeLessThan(BUDGET_MS);
    expect(await ts.server.registry.withBoard(board.ev.boardId, (b) => readBoard(b.full.doc).cards.find((c) => c.id === target)?.text)).toMatch(/^Upraveno moderátorem/);
  }, 300_000);

  it(`L2 2,000 cards: an erasure's compaction never stops the event loop for ${BUDGET_MS} ms`, async () => {
    const board = await seed(ts, 2_000);
    boards.push(board);
    const whole = await loopBlock(async () => expect(await redact(board, board.ids[0], 'Upraveno moderátorem')).toEqual({ ok: true }));
    const runs: Block[] = [];
    for (let run = 0; run < 3 && !runs.some((r) => r.cpuMs < BUDGET_MS); run++) {
      // Something to fold: a stored entry after the snapshot; and the history checkpoint it
      // causes written before the measure (it encodes the live document, which is not compaction).
      const before = (await ts.server.checkpoints.listCheckpoints(board.ev.boardId)).length;
      editCard(board.writer.doc, board.ids[1], { text: `Karta 1: znovu ${run}` }, LOCAL);
      await waitFor(async () => (await ts.server.checkpoints.listCheckpoints(board.ev.boardId)).length > before, 'the checkpoint of the edit');
      await ts.server.registry.flushAll();
      runs.push(await loopBlock(() => ts.server.registry.withBoard(board.ev.boardId, (b) => b.full.compactNow({ scrub: false }))));
    }
    console.info(`L2 ${store}, 2,000 cards, the loop's longest stop: a whole redaction ${show([whole])}; per compaction ${show(runs)}`);
    expect(best(runs)).toBeLessThan(BUDGET_MS);
  }, 300_000);
});
