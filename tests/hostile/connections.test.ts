/**
 * Hostile connections (docs/limits.md): odd board ids, oversized and never-finished HTTP heads,
 * connection churn, per-IP and per-board connection caps, and websocket frames that break the
 * RFC 6455 framing itself (written by hand over raw TCP). After each, the board still serves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { connectAs } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { clientFrame, closeCode, closeFrameCode, expectBoardHealthy, rawTcp, rawTcpWebsocket, rawWs, startBoard, yjsUrl, type Board, type RawTcp } from './harness.js';

describe('hostile connections: each is answered, and the board survives it', () => {
  let board: Board;
  const sockets: RawTcp[] = [];
  const tcp = async (): Promise<RawTcp> => {
    const t = await rawTcp(board);
    sockets.push(t);
    return t;
  };

  beforeAll(async () => {
    board = await startBoard({ LIMIT_HEADERS_TIMEOUT_MS: '1000' });
  });
  afterEach(async () => {
    for (const t of sockets.splice(0)) t.socket.destroy();
    await expectBoardHealthy(board);
  });
  afterAll(async () => board.ts.dispose());

  const oddIds: Array<[string, string]> = [
    ['an empty board id', ''],
    ['URL-encoded slashes', '..%2F..%2Fetc%2Fpasswd'],
    ['a very long board id', 'a'.repeat(4000)],
    ['a unicode board id', encodeURIComponent('tabule-😀-ř')],
    ['broken percent-encoding', '%E0%A4%A'],
    ['a NUL byte', '%00']
  ];
  for (const [name, id] of oddIds)
    it(`${name}: closed with ${CloseCode.NotFound} NotFound`, async () => {
      const client = rawWs(`${board.ts.wsUrl}/yjs/${id}?token=${board.ev.tokens.moderator}`);
      expect(await closeCode(client, name)).toBe(CloseCode.NotFound);
    });

  it('a path with extra segments under /yjs names no board: 4404', async () => {
    const client = rawWs(`${board.ts.wsUrl}/yjs/${board.ev.boardId}/public?token=${board.ev.tokens.moderator}`);
    expect(await closeCode(client, 'the nested path')).toBe(CloseCode.NotFound);
  });

  it('an oversized HTTP upgrade head (64 KB of headers): 431, the connection is closed', async () => {
    const t = await tcp();
    t.write(`GET /yjs/${board.ev.boardId}?token=x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Junk: ${'j'.repeat(64 * 1024)}\r\n\r\n`);
    await t.ended;
    expect(t.received().toString('latin1')).toMatch(/^HTTP\/1\.1 431/);
  });

  it('a slowloris connection that never finishes its head is closed (LIMIT_HEADERS_TIMEOUT_MS)', async () => {
    const t = await tcp();
    t.write(`GET /yjs/${board.ev.boardId} HTTP/1.1\r\nHost: a\r\n`);
    await t.ended;
    expect(t.socket.destroyed || t.socket.readableEnded).toBe(true);
  });

  it('a connection that opens and never sends a byte is closed', async () => {
    const t = await tcp();
    await t.ended;
    const answer = t.received().toString('latin1');
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a dot-dot path (/yjs/../../etc/passwd) is normalised away from /yjs: no upgrade, not left open', async () => {
    const t = await tcp();
    t.write(
      'GET /yjs/../../etc/passwd HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
    );
    await t.ended;
    expect(t.received().toString('latin1')).not.toMatch(/^HTTP\/1\.1 101/);
  });

  it('an upgrade to a path nobody serves is not left open', async () => {
    const t = await tcp();
    t.write('GET /nowhere HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    await t.ended;
    expect(t.received().toString('latin1')).not.toMatch(/^HTTP\/1\.1 101/);
  });

  it('1,000 rapid connect/disconnect cycles leave no connection and no loaded room behind', async () => {
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const client = rawWs(yjsUrl(board, i % 2 === 0 ? 'audience' : 'panelist'));
          client.ws.once('open', () => (i % 3 === 0 ? client.ws.terminate() : client.ws.close()));
          await client.closed;
        })
      );
    }
    await waitFor(() => board.ts.server.registry.loadedCount() === 0, 'every room to be unloaded after the last leave');
  });

  it('a board is unloaded after its last websocket and socket.io connection leave', async () => {
    const ws = rawWs(yjsUrl(board, 'audience'));
    await ws.opened;
    const io = await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.audience);
    expect(board.ts.server.registry.loadedCount()).toBe(1);
    ws.ws.close();
    await ws.closed;
    expect(board.ts.server.registry.loadedCount()).toBe(1);
    io.close();
    await waitFor(() => board.ts.server.registry.loadedCount() === 0, 'the board to be unloaded');
  });

  const badFrames: Array<[string, () => Buffer]> = [
    ['RSV1 set without an extension', () => clientFrame(0x80 | 0x40 | 0x2, Buffer.from([3]))],
    ['RSV2 and RSV3 set', () => clientFrame(0x80 | 0x20 | 0x10 | 0x2, Buffer.from([3]))],
    ['a reserved data opcode (0x3)', () => clientFrame(0x80 | 0x3, Buffer.from([3]))],
    ['a reserved control opcode (0xB)', () => clientFrame(0x80 | 0xb, Buffer.alloc(0))],
    ['an unmasked client frame', () => clientFrame(0x80 | 0x2, Buffer.from([3]), { mask: false })],
    ['a fragmented control frame (ping without FIN)', () => clientFrame(0x9, Buffer.from('x'))],
    ['a control frame longer than 125 bytes', () => clientFrame(0x80 | 0x9, Buffer.alloc(200))],
    ['a continuation frame with nothing to continue', () => clientFrame(0x80 | 0x0, Buffer.from([3]))]
  ];
  for (const [name, frame] of badFrames)
    it(`${name}: closed by the websocket layer with 1002 Protocol Error`, async () => {
      const t = await rawTcpWebsocket(board, `/yjs/${board.ev.boardId}?token=${board.ev.tokens.moderator}`);
      sockets.push(t);
      t.write(frame());
      await t.ended;
      expect(closeFrameCode(t.received())).toBe(1002);
    });
});

describe('connection caps (LIMIT_MAX_CONNECTIONS_PER_IP, LIMIT_MAX_CONNECTIONS_PER_BOARD)', () => {
  it(`past the per-IP cap an audience websocket is closed with ${CloseCode.RateLimited} and socket.io refused; others on the board are unaffected`, async () => {
    const board = await startBoard({ LIMIT_MAX_CONNECTIONS_PER_IP: '4' });
    try {
      const held = [rawWs(yjsUrl(board, 'audience')), rawWs(yjsUrl(board, 'audience')), rawWs(yjsUrl(board, 'audience'))];
      await Promise.all(held.map((c) => c.opened));
      const io = await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.audience);
      const over = rawWs(yjsUrl(board, 'audience'));
      expect(await closeCode(over, 'the fifth websocket')).toBe(CloseCode.RateLimited);
      await expect(connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.audience)).rejects.toMatchObject({ data: { reason: 'rate-limited' } });
      expect(held.every((c) => c.ws.readyState === c.ws.OPEN)).toBe(true);
      for (const c of held) c.ws.close();
      io.close();
      await Promise.all(held.map((c) => c.closed));
      await waitFor(() => board.ts.server.registry.loadedCount() === 0, 'the board to be released');
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });

  it(`past the per-board audience share an audience websocket is closed with ${CloseCode.RateLimited}`, async () => {
    const board = await startBoard({ LIMIT_MAX_CONNECTIONS_PER_BOARD: '2' });
    try {
      const held = [rawWs(yjsUrl(board, 'audience')), rawWs(yjsUrl(board, 'audience'))];
      await Promise.all(held.map((c) => c.opened));
      expect(await closeCode(rawWs(yjsUrl(board, 'audience')), 'the third audience websocket')).toBe(CloseCode.RateLimited);
      for (const c of held) c.ws.close();
      await Promise.all(held.map((c) => c.closed));
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });
});

describe('dead peers (LIMIT_PING_INTERVAL_MS)', () => {
  it('a websocket that never answers pings is dropped; one that answers stays', async () => {
    const board = await startBoard({ LIMIT_PING_INTERVAL_MS: '200' });
    try {
      const healthy = rawWs(yjsUrl(board, 'audience'));
      await healthy.opened;
      const dead = await rawTcpWebsocket(board, `/yjs/${board.ev.boardId}?token=${board.ev.tokens.audience}`);
      await dead.ended;
      expect(dead.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
      expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
      healthy.ws.close();
      await healthy.closed;
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });
});
