/**
 * Fuzz: random valid Yjs updates (arrays, maps, text, deletes, nesting; a few near the frame
 * limit) from audience and panelist connections against a real in-process server. After every
 * frame the event loop of this process (the server's) has never stalled past a generous bound,
 * and at the end the board still syncs: a panelist's card reaches another client.
 * Seeded: FUZZ_SEED=<n> replays a run (the seed is in every failure message).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, newDeviceId, participantKey, readBoard } from '../../src/lib/board/index.js';
import { cardsMap } from '../../src/lib/board/layout.js';
import { syncStep1Message, syncUpdateMessage } from '../../support/hostile-updates.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { rawWs, startBoard, type Board, type RawWs } from './harness.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const FRAMES = 60;
const TIME_BUDGET_MS = 40_000;
const MAX_STALL_MS = 1000;
const MAX_UPDATE_BYTES = 1024 * 1024 - 16;

/** mulberry32: small, seeded, good enough to pick operations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)];
const ROOTS = ['cards', 'meta', 'votes', 'topics', 'spam', 'x'];

function randomValue(rand: Rand, depth: number): unknown {
  switch (int(rand, depth > 2 ? 4 : 7)) {
    case 0:
      return int(rand, 1e6);
    case 1:
      return 'v'.repeat(int(rand, 40));
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return new Y.Map<unknown>();
    case 5:
      return new Y.Array<unknown>();
    default:
      return new Y.Text('t'.repeat(int(rand, 20)));
  }
}

/** Random operations on a random container of `doc` (ops run in separate transactions: many structs). */
function mutate(doc: Y.Doc, rand: Rand, ops: number): void {
  const containers: Array<Y.Map<unknown> | Y.Array<unknown> | Y.Text> = [doc.getMap(pick(rand, ROOTS)), doc.getArray(`list-${int(rand, 3)}`), doc.getText('text')];
  for (let i = 0; i < ops; i++) {
    const c = pick(rand, containers);
    doc.transact(() => {
      const value = randomValue(rand, containers.length > 30 ? 3 : 0);
      if (c instanceof Y.Map) {
        const key = `k${int(rand, 50)}`;
        if (rand() < 0.2 && c.has(key)) c.delete(key);
        else c.set(key, value);
      } else if (c instanceof Y.Array) {
        if (rand() < 0.2 && c.length > 0) c.delete(int(rand, c.length), 1);
        else c.insert(int(rand, c.length + 1), [value]);
      } else if (rand() < 0.2 && c.length > 0) c.delete(int(rand, c.length), 1);
      else c.insert(int(rand, c.length + 1), 'abc', rand() < 0.3 ? { bold: true } : undefined);
      if (value instanceof Y.AbstractType && value.doc !== null) containers.push(value as Y.Map<unknown>);
    });
  }
}

function randomUpdate(rand: Rand, base: Uint8Array | null): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  const sv = Y.encodeStateVector(doc);
  const size = rand();
  if (size < 0.05) doc.getText('big').insert(0, 'x'.repeat(int(rand, 900_000)));
  else mutate(doc, rand, size < 0.15 ? 2_000 + int(rand, 15_000) : 1 + int(rand, 300));
  if (base && rand() < 0.3) doc.transact(() => cardsMap(doc).forEach((_, key) => rand() < 0.3 && cardsMap(doc).delete(key)));
  const update = Y.encodeStateAsUpdate(doc, sv);
  return update.byteLength <= MAX_UPDATE_BYTES ? update : Y.encodeStateAsUpdate(new Y.Doc());
}

describe(`fuzz: random Yjs updates never stall the server (FUZZ_SEED=${SEED})`, () => {
  let board: Board;
  beforeAll(async () => {
    board = await startBoard();
  });
  afterAll(async () => board.ts.dispose());

  it('every frame is handled without a long stall, and the board syncs afterwards', async () => {
    const rand = prng(SEED);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    const sockets: Partial<Record<'audience' | 'panelist', RawWs>> = {};
    const socket = async (role: 'audience' | 'panelist'): Promise<RawWs> => {
      const known = sockets[role];
      if (known && known.ws.readyState === known.ws.OPEN) return known;
      const fresh = rawWs(`${board.ts.wsUrl}/yjs/${board.ev.boardId}?token=${board.ev.tokens[role]}&device=${newDeviceId()}`);
      await fresh.opened;
      sockets[role] = fresh;
      return fresh;
    };
    const t0 = Date.now();
    for (let frame = 0; frame < FRAMES && Date.now() - t0 < TIME_BUDGET_MS; frame++) {
      const role = rand() < 0.4 ? 'audience' : 'panelist';
      const base = rand() < 0.3 ? await board.ts.server.registry.withBoard(board.ev.boardId, (b) => Y.encodeStateAsUpdate(b.full.doc)) : null;
      const update = randomUpdate(rand, base);
      const client = await socket(role);
      lag.reset();
      lag.enable();
      const before = client.messages.length;
      client.ws.send(syncUpdateMessage(update));
      client.ws.send(syncStep1Message(Uint8Array.from([0])));
      // Handled once the step 1 behind it is answered, or the connection closed.
      await waitFor(() => client.messages.length > before || client.ws.readyState !== client.ws.OPEN, `frame ${frame} (seed ${SEED}) to be handled`, 20_000);
      lag.disable();
      expect(lag.max / 1e6, `loop stall on frame ${frame}, ${update.byteLength} bytes from ${role} (FUZZ_SEED=${SEED})`).toBeLessThan(MAX_STALL_MS);
    }
    for (const s of Object.values(sockets)) s?.ws.terminate();

    const writer = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.panelist);
    const reader = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.moderator);
    const id = addCard(
      writer.doc,
      { kind: 'weakness', text: `After the fuzz ${SEED}`, orgId: null, author: 'F', authorKey: participantKey(board.ev.boardId, writer.deviceId), topicId: null },
      LOCAL
    );
    await waitFor(() => readBoard(reader.doc).cards.some((c) => c.id === id), `the card to reach another client (FUZZ_SEED=${SEED})`);
    expect((await fetch(`${board.ts.url}/healthz`)).status).toBe(200);
    writer.destroy();
    reader.destroy();
  });
});
