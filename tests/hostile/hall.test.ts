/**
 * A hall behind one address (issue 14, point 2; docs/limits.md "Sizing for a hall"): with the
 * default limits, 1,500 phones (a Yjs websocket and a socket.io socket each: 3,000 sockets) from
 * one address are all admitted, the moderator, a panelist and the projector still get in from the
 * same address. (That the default rate admits this hall and refuses a flood is checked with a
 * clock in tests/unit/server/limits/transport-limits.test.ts: this machine cannot open thousands a second.)
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connectAs } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { rawWs, startBoard, yjsUrl, type Board, type RawWs } from './harness.js';

const PHONES = 1500;
const BATCH = 100;

async function inBatches<T>(count: number, open: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let done = 0; done < count; done += BATCH) out.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, count - done) }, open))));
  return out;
}

describe('a hall of 1,500 phones behind one address, with the default limits', () => {
  let board: Board;
  let yjs: RawWs[] = [];
  let io: Socket[] = [];

  beforeAll(async () => {
    const fds = Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim());
    expect(fds, 'this test holds ~6,500 sockets in one process: raise the limit with `ulimit -n 16384`').toBeGreaterThanOrEqual(8192);
    board = await startBoard();
  }, 60_000);

  afterAll(async () => {
    for (const c of yjs) c.ws.terminate();
    for (const s of io) s.close();
    await board?.ts.dispose();
  }, 60_000);

  it('admits every phone (3,000 sockets from 127.0.0.1), then the moderator, a panelist and the projector from the same address', async () => {
    yjs = await inBatches(PHONES, async () => {
      const c = rawWs(yjsUrl(board, 'audience'));
      await c.opened;
      return c;
    });
    io = await inBatches(PHONES, () => connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.audience));
    expect(yjs.filter((c) => c.ws.readyState === c.ws.OPEN)).toHaveLength(PHONES);
    expect(io.filter((s) => s.connected)).toHaveLength(PHONES);

    for (const role of ['moderator', 'panelist', 'projector'] as const) {
      const client = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens[role]);
      expect(client.closeCodes, role).toEqual([]);
      client.destroy();
    }
    const moderator = await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.moderator);
    moderator.close();
    const queue = rawWs(`${board.ts.wsUrl}/yjs/${board.ev.boardId}/queue?token=${board.ev.tokens.moderator}`);
    await waitFor(() => queue.messages.length > 0, "the moderator's queue to be greeted (admitted, not closed)");
    queue.ws.close();
    // Nobody was dropped to make room.
    expect(yjs.every((c) => c.ws.readyState === c.ws.OPEN)).toBe(true);
    expect(io.every((s) => s.connected)).toBe(true);
  }, 180_000);
});
