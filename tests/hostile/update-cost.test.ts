/**
 * Issue 13, findings 1 and 2: frames whose checking cost grew faster than their size. Each case
 * sends the attack over a real socket to an in-process server while the event loop's delay is
 * measured in this same process, and checks the server stays responsive and answers with the
 * documented close code (docs/protocol.md §1.5, docs/limits.md). On main (b05f9ff) the loop
 * stalled 50–80 s on the first two frames, and a step-1 flood was answered forever.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey } from '../../src/lib/board/index.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { gcRun, originChain, stateVector, syncStep1Message, syncUpdateMessage, unshiftRun } from '../../support/hostile-updates.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { closeCode, expectBoardHealthy, rawWs, startBoard, yjsUrl, type Board, type RawWs } from './harness.js';

/** Fixed vs broken differ by 50×: a second of loop delay cannot happen on a working server, even loaded. */
const MAX_STALL_MS = 1000;

describe('the cost of checking an update stays bounded (issue 13, findings 1 and 2)', () => {
  let board: Board;
  let lag: IntervalHistogram;
  const open: RawWs[] = [];
  const connect = async (role: 'panelist' | 'audience'): Promise<RawWs> => {
    const client = rawWs(yjsUrl(board, role));
    open.push(client);
    await client.opened;
    return client;
  };
  /** /healthz answers within the bound while the attack is being handled. */
  const healthzWithin = async (ms: number): Promise<void> => {
    const t0 = performance.now();
    expect((await fetch(`${board.ts.url}/healthz`)).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(ms);
  };
  const stallMs = (): number => lag.max / 1e6;

  beforeAll(async () => {
    board = await startBoard();
    // A board with some weight, so each fresh sync reply has a real cost.
    const writer = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.panelist);
    const key = participantKey(board.ev.boardId, writer.deviceId);
    writer.doc.transact(() => {
      for (let i = 0; i < 200; i++) addCard(writer.doc, { kind: 'weakness', text: `Weight ${i} `.repeat(20), orgId: null, author: 'W', authorKey: key, topicId: null }, LOCAL);
    });
    await waitFor(() => board.ts.server.registry.withBoard(board.ev.boardId, (b) => b.full.doc.getMap('cards').size >= 205), 'the weight cards');
    writer.destroy();
  });
  afterEach(async () => {
    lag?.disable();
    for (const c of open.splice(0)) c.ws.terminate();
    await expectBoardHealthy(board);
  });
  afterAll(async () => board.ts.dispose());

  const monitor = (): void => {
    lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
  };

  it(`an audience frame of 130,000 array items (~0.9 MB) is refused unread; ${'repeated'}, the reader is closed with ${CloseCode.Forbidden}`, async () => {
    const frame = syncUpdateMessage(unshiftRun(130_000));
    const reader = await connect('audience');
    monitor();
    reader.ws.send(frame);
    await healthzWithin(MAX_STALL_MS);
    for (let i = 0; i < 10; i++) reader.ws.send(frame);
    expect(await closeCode(reader, 'the reader')).toBe(CloseCode.Forbidden);
    await healthzWithin(MAX_STALL_MS);
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it('a panelist frame of 6,000 chained structs (36 KB) is inspected in linear time and refused by the write policy; the connection stays', async () => {
    const writer = await connect('panelist');
    monitor();
    writer.ws.send(syncUpdateMessage(originChain(6_000, { client: 1001 })));
    await healthzWithin(MAX_STALL_MS);
    const before = writer.messages.length;
    writer.ws.send(syncStep1Message(Uint8Array.from([0])));
    await waitFor(() => writer.messages.length > before, 'the writer to be answered');
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it(`a panelist frame of 100,000 chained structs is refused before decoding: closed with ${CloseCode.TooComplex}`, async () => {
    const writer = await connect('panelist');
    monitor();
    writer.ws.send(syncUpdateMessage(originChain(100_000)));
    expect(await closeCode(writer, 'the writer')).toBe(CloseCode.TooComplex);
    await healthzWithin(MAX_STALL_MS);
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it(`a panelist frame of 500,000 two-byte structs (1 MB) is refused before decoding: closed with ${CloseCode.TooComplex}`, async () => {
    const writer = await connect('panelist');
    monitor();
    writer.ws.send(syncUpdateMessage(gcRun(500_000)));
    expect(await closeCode(writer, 'the writer')).toBe(CloseCode.TooComplex);
    await healthzWithin(MAX_STALL_MS);
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it(`a writer that keeps sending frames under the struct cap runs out of decode budget: closed with ${CloseCode.RateLimited}`, async () => {
    const writer = await connect('panelist');
    monitor();
    // 5,500 structs a frame: under the cap (6,000), over the budget's refill (5,000/s) after one.
    for (let i = 0; i < 6; i++) writer.ws.send(syncUpdateMessage(originChain(5_500, { client: 1002, key: `budget-${i}` })));
    expect(await closeCode(writer, 'the writer')).toBe(CloseCode.RateLimited);
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it(`a sync step 1 flood (distinct state vectors, a few bytes each) is answered a few times, then closed with ${CloseCode.RateLimited}`, async () => {
    const reader = await connect('audience');
    monitor();
    // 600 requests at 200 a second: under LIMIT_YJS_MESSAGES_PER_SECOND, so only the sync budget can stop them.
    for (let i = 0; i < 600 && reader.ws.readyState === reader.ws.OPEN; i++) {
      reader.ws.send(syncStep1Message(stateVector([[1_000 + i, 1]])));
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 500));
    }
    expect(await closeCode(reader, 'the flooder')).toBe(CloseCode.RateLimited);
    const replies = reader.messages.filter((m) => typeof m !== 'string' && m[0] === 0 && m[1] === 1).length;
    expect(replies).toBeLessThanOrEqual(10);
    await healthzWithin(MAX_STALL_MS);
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it(`one sync step 1 whose state vector names 100,000 made-up clients (under the frame limit) is refused unanswered: closed with ${CloseCode.TooComplex}`, async () => {
    const reader = await connect('audience');
    monitor();
    // Answering it would walk all 100,000 entries (160-430 ms of loop per frame, one frame per connection per budget).
    reader.ws.send(syncStep1Message(stateVector(Array.from({ length: 100_000 }, (_, i): [number, number] => [1_000_000 + i, 1]))));
    expect(await closeCode(reader, 'the reader with a huge state vector')).toBe(CloseCode.TooComplex);
    expect(reader.messages.filter((m) => typeof m !== 'string' && m[0] === 0 && m[1] === 1)).toHaveLength(0);
    await healthzWithin(MAX_STALL_MS);
    expect(stallMs()).toBeLessThan(MAX_STALL_MS);
  });

  it('the same state vector asked again and again is answered from the cache, not refused', async () => {
    const reader = await connect('audience');
    const sv = stateVector([[77, 0]]);
    for (let i = 0; i < 40; i++) reader.ws.send(syncStep1Message(sv));
    await waitFor(() => reader.messages.filter((m) => typeof m !== 'string' && m[0] === 0 && m[1] === 1).length >= 40, 'forty replies');
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
  });
});
