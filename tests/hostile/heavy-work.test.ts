/**
 * Issue 13, findings 4 and 7: JSON import, replay and report downloads against a real server.
 * - An import has a size limit and caps on cards, votes and polls, each refused with the cap's
 *   name (main took a 31 MB board and 1.5 GB of RSS).
 * - Building an import and decoding a replay run off the event loop: the largest allowed board
 *   imported three at once, or replayed four at once, never stalls the loop for a second (two for
 *   the replay, whose answers pass through the test's own loop; main: tens of seconds for the same board).
 * - One heavy job at a time with a bounded queue: beyond it, 503 with Retry-After.
 * - An aborted PDF or zip download frees its slot (main: four aborts and every report answered
 *   429 for good).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largestBoard } from '../../bench/scenarios/hostile-board.js';
import { bigBoardExport } from '../../bench/scenarios/pdf-export.js';
import { buildImport } from '../../server/outputs/exports/import-build.js';
import { DEFAULT_LIMITS } from '../../server/app/limits.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';

/** The longest the event loop went without turning while `fn` ran (a 5 ms ticker's worst gap). */
async function worstStall<T>(fn: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let worst = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  try {
    const result = await fn();
    worst = Math.max(worst, performance.now() - last);
    return { result, stallMs: worst };
  } finally {
    clearInterval(ticker);
  }
}

const importBoard = (ts: TestServer, ev: TestEvent, body: string) =>
  fetch(`${ts.url}/api/events/${ev.response.eventId}/import?t=${ev.tokens.moderator}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** A valid board export with `cards` cards, `votes` votes and `polls` polls, small text. */
function board(cards: number, votes = 0, polls = 0): Record<string, unknown> {
  const doc = bigBoardExport(cards);
  doc.votes = Array.from({ length: votes }, (_, i) => ({ cardId: `card${i % Math.max(1, cards)}`, voterKey: `v${i}`, at: 1_700_000_000_000 }));
  doc.polls = Array.from({ length: polls }, (_, i) => ({
    id: `p${i}`,
    question: `Q${i}`,
    multiple: false,
    options: [{ id: 'o1', text: 'A', cardId: null }],
    open: true,
    createdAt: 1,
    closedAt: null
  }));
  return doc;
}

describe('import limits (finding 4)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  beforeAll(async () => {
    ts = await startTestServer({ env: { LIMIT_MAX_IMPORT_CARDS: '50', LIMIT_MAX_IMPORT_VOTES: '100', LIMIT_MAX_IMPORT_POLLS: '3' } });
    ev = await createTestEvent(ts.url);
  });
  afterAll(() => ts.dispose());

  it('refuses a body over LIMIT_MAX_IMPORT_BYTES with 413, naming the limit', async () => {
    const doc = board(5);
    doc.meta = { ...(doc.meta as object), padding: 'x'.repeat(DEFAULT_LIMITS.maxImportBytes) };
    const res = await importBoard(ts, ev, JSON.stringify(doc));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toContain('LIMIT_MAX_IMPORT_BYTES');
  });

  it('refuses more cards, votes or polls than the caps with 422, naming the cap', async () => {
    for (const [doc, cap] of [
      [board(51), 'LIMIT_MAX_IMPORT_CARDS'],
      [board(10, 101), 'LIMIT_MAX_IMPORT_VOTES'],
      [board(10, 0, 4), 'LIMIT_MAX_IMPORT_POLLS']
    ] as const) {
      const res = await importBoard(ts, ev, JSON.stringify(doc));
      expect(res.status, cap).toBe(422);
      const body = (await res.json()) as { reason: string; message: string };
      expect(body.reason).toBe('too-large');
      expect(body.message).toContain(cap);
    }
  });

  it('accepts a board at the caps', async () => {
    const res = await importBoard(ts, ev, JSON.stringify(board(50, 100, 3)));
    expect(res.status).toBe(201);
  });
});

describe('heavy work off the event loop (finding 4)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  const largest = largestBoard();
  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url);
  });
  afterAll(() => ts.dispose());

  it('imports the largest allowed board three at once (three events) without stalling the loop for a second', async () => {
    expect(largest.bytes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxImportBytes);
    const body = JSON.stringify(largest.board);
    const events = [ev, await createTestEvent(ts.url), await createTestEvent(ts.url)];
    const { result, stallMs } = await worstStall(() => Promise.all(events.map((e) => importBoard(ts, e, body).then((r) => r.status))));
    expect(result).toEqual([201, 201, 201]);
    expect(stallMs).toBeLessThan(1000);
  });

  it('replays a checkpoint of the largest board four at once (two events) without stalling the loop for two seconds', async () => {
    const built = buildImport(new TextEncoder().encode(JSON.stringify(largest.board)), DEFAULT_LIMITS);
    if (!built.ok) throw new Error(built.message);
    const events = [ev, await createTestEvent(ts.url)];
    for (const e of events) await ts.server.checkpoints.addCheckpoint(e.boardId, 1000, built.update);
    const urls = events.flatMap((e) => [1, 2].map(() => `${ts.url}/api/boards/${e.boardId}/history/1000?t=${e.tokens.moderator}`));
    // Bodies are parsed after the window: parsing 4 × 2 MB of JSON here is the test's own work.
    const { result, stallMs } = await worstStall(() => Promise.all(urls.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer()))));
    for (const r of result) expect((JSON.parse(r.toString()) as { content: { cards: unknown[] } }).content.cards).toHaveLength(largest.cards);
    // On the loop it stalls for tens of seconds. Off it, the four 2 MB answers still pass through
    // this process: 1.15 s once in a full run on a 2-core machine loaded to 10, hence 2 s.
    expect(stallMs).toBeLessThan(2000);
  });
});

describe('one heavy job at a time, a bounded queue (finding 4)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  beforeAll(async () => {
    ts = await startTestServer({ env: { LIMIT_HEAVY_QUEUE_LENGTH: '1' } });
    ev = await createTestEvent(ts.url);
  });
  afterAll(() => ts.dispose());

  it("answers 503 with Retry-After beyond the queue (and beyond an event's share), and works again afterwards", async () => {
    const body = JSON.stringify(board(1500, 3000));
    const responses = await Promise.all(Array.from({ length: 6 }, () => importBoard(ts, ev, body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);
    const busy = responses.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const r of busy) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await importBoard(ts, ev, JSON.stringify(board(5)))).status).toBe(201);
  });
});

describe('export slots (finding 7)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let boardId: string;
  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url);
    const res = await importBoard(ts, ev, JSON.stringify(bigBoardExport(600)));
    boardId = ((await res.json()) as { id: string }).id;
  });
  afterAll(() => ts.dispose());

  /** Starts a download, waits for its headers and first bytes, then drops the connection. */
  const abortMidStream = (path: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request(`${ts.url}${path}`, (res) => {
        if (res.statusCode !== 200) return void (res.resume(), resolve(res.statusCode ?? 0));
        res.once('data', () => {
          req.destroy();
          resolve(200);
        });
      });
      req.on('error', (err) => (err.message.includes('socket hang up') || (err as { code?: string }).code === 'ECONNRESET' ? undefined : reject(err)));
      req.end();
    });

  it('frees the slot of every aborted PDF and zip download: a normal export succeeds after many aborts', async () => {
    const pdf = `/api/boards/${boardId}/export.pdf?t=${ev.tokens.moderator}`;
    const zip = `/api/events/${ev.response.eventId}/export.zip?t=${ev.tokens.moderator}`;
    for (let i = 0; i < 2; i++) for (const path of [pdf, zip, pdf]) expect(await abortMidStream(path)).toBe(200);
    const res = await fetch(`${ts.url}${pdf}`);
    expect(res.status).toBe(200);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString()
    ).toBe('%PDF-');
    const bundle = await fetch(`${ts.url}${zip}`);
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();
  });
});
