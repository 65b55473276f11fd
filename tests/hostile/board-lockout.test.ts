/**
 * Board lockout (issue 13, finding 6; docs/limits.md): the audience can fill its share of a board
 * and its address's connections, but never the capacity reserved for the moderator, panelists and
 * the projector; new connections per address come at a limited rate; IPv6 counts per /64.
 */
import { createServer as createHttpServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { connectAs, connectSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { mintDevice } from '../../support/device.js';
import { closeCode, expectBoardHealthy, rawWs, startBoard, yjsUrl, type Board, type RawWs } from './harness.js';
import type { Socket } from 'socket.io-client';

const from = (localAddress: string) => ({ localAddress });
/** One server-issued device id per server (socket.io refuses made-up ones); a device may hold many sockets. */
const devices = new Map<string, Promise<string>>();
const deviceOf = (url: string): Promise<string> => {
  if (!devices.has(url)) devices.set(url, mintDevice(url));
  return devices.get(url)!;
};
const socketFrom = async (board: Board, role: 'audience' | 'moderator', localAddress: string): Promise<Socket> =>
  connectSocket(board.ts.url, { token: board.ev.tokens[role], boardId: board.ev.boardId, deviceId: await deviceOf(board.ts.url) }, { localAddress });

/** Admitted: greeted by the server (sync step 1), not merely upgraded and then closed. */
function admitted(c: RawWs): Promise<void> {
  return new Promise((resolve, reject) => {
    if (c.messages.length > 0) return resolve();
    c.ws.once('message', () => resolve());
    void c.closed.then(({ code }) => reject(new Error(`closed with ${code} instead of being admitted`)));
  });
}

async function openAll(clients: RawWs[]): Promise<void> {
  await Promise.all(clients.map(admitted));
}

describe('reserved staff capacity (LIMIT_MAX_CONNECTIONS_PER_BOARD is the audience share)', () => {
  it('with the audience share full from four addresses, the moderator keeps its connection and moderator, panelist and projector still get in', async () => {
    const board = await startBoard({ LIMIT_MAX_CONNECTIONS_PER_BOARD: '40' });
    const opened: RawWs[] = [];
    const sockets: Socket[] = [];
    try {
      const moderator = rawWs(yjsUrl(board, 'moderator'));
      await admitted(moderator);
      for (const host of ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
        for (let i = 0; i < 5; i++) opened.push(rawWs(yjsUrl(board, 'audience'), from(host)));
        for (let i = 0; i < 5; i++) sockets.push(await socketFrom(board, 'audience', host));
      }
      await openAll(opened);
      expect(await closeCode(rawWs(yjsUrl(board, 'audience'), from('127.0.0.6')), 'an audience websocket past the share')).toBe(CloseCode.RateLimited);
      await expect(socketFrom(board, 'audience', '127.0.0.6')).rejects.toMatchObject({ data: { reason: 'rate-limited' } });

      expect(moderator.ws.readyState).toBe(moderator.ws.OPEN);
      for (const role of ['moderator', 'panelist', 'projector'] as const) {
        const client = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens[role]);
        expect(client.closeCodes, role).toEqual([]);
        client.destroy();
      }
      const queue = rawWs(`${board.ts.wsUrl}/yjs/${board.ev.boardId}/queue?token=${board.ev.tokens.moderator}`);
      await admitted(queue);
      queue.ws.close();
      (await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.moderator)).close();
      (await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.projector)).close();
      moderator.ws.close();
    } finally {
      for (const c of opened) c.ws.close();
      for (const s of sockets) s.close();
      await board.ts.dispose();
    }
  });

  it("each staff role has its own reserve: a leaked panelist link that fills the panelists' reserve does not lock out the moderator", async () => {
    const board = await startBoard({ LIMIT_RESERVED_STAFF_CONNECTIONS_PER_BOARD: '3' });
    try {
      const panelists = [0, 1, 2].map(() => rawWs(yjsUrl(board, 'panelist')));
      await openAll(panelists);
      expect(await closeCode(rawWs(yjsUrl(board, 'panelist')), 'a fourth panelist websocket')).toBe(CloseCode.RateLimited);
      const moderator = await openProvider(board.ts.wsUrl, board.ev.boardId, board.ev.tokens.moderator);
      expect(moderator.closeCodes).toEqual([]);
      moderator.destroy();
      for (const c of panelists) c.ws.close();
      await Promise.all(panelists.map((c) => c.closed));
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });
});

describe('the rate of new connections per address (LIMIT_CONNECTION_BURST_PER_IP, LIMIT_CONNECTIONS_PER_SECOND_PER_IP)', () => {
  it(`past the burst, new audience connections from that address are closed with ${CloseCode.RateLimited}; other addresses and the moderator are not`, async () => {
    const board = await startBoard({ LIMIT_CONNECTION_BURST_PER_IP: '30', LIMIT_CONNECTIONS_PER_SECOND_PER_IP: '1' });
    try {
      const start = Date.now();
      const clients = Array.from({ length: 60 }, () => rawWs(yjsUrl(board, 'audience'), from('127.0.0.7')));
      for (const c of clients) c.ws.once('open', () => c.ws.close());
      const codes = (await Promise.all(clients.map((c) => c.closed))).map((r) => r.code);
      const refill = Math.ceil((Date.now() - start) / 1000);
      const passed = codes.filter((c) => c !== CloseCode.RateLimited).length;
      // The burst, plus one a second while the 60 were opened; no more.
      expect(passed).toBeGreaterThanOrEqual(30);
      expect(passed).toBeLessThanOrEqual(30 + refill);
      expect(passed).toBeLessThan(60);
      // socket.io draws on the same bucket; the refill (1/s) may admit a few of ten.
      const ios = await Promise.allSettled(Array.from({ length: 10 }, () => socketFrom(board, 'audience', '127.0.0.7')));
      for (const r of ios) if (r.status === 'fulfilled') r.value.close();
      const refusals = ios.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(refusals.length).toBeGreaterThanOrEqual(1);
      expect(refusals[0]).toMatchObject({ data: { reason: 'rate-limited', retryAfterMs: expect.any(Number) } });
      const other = rawWs(yjsUrl(board, 'audience'), from('127.0.0.8'));
      await admitted(other);
      other.ws.close();
      (await socketFrom(board, 'moderator', '127.0.0.7')).close();
      const moderator = rawWs(yjsUrl(board, 'moderator'), from('127.0.0.7'));
      await admitted(moderator);
      moderator.ws.close();
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });
});

describe('IPv6 clients count per /64', () => {
  it('behind a trusted proxy, two forwarded addresses of one /64 share the per-address cap; another /64 does not', async () => {
    const board = await startBoard({ TRUST_PROXY: 'loopback', LIMIT_MAX_CONNECTIONS_PER_IP: '2' });
    try {
      const as = (xff: string): RawWs => rawWs(yjsUrl(board, 'audience'), { headers: { 'x-forwarded-for': xff } });
      const held = [as('2001:db8:1:2::a'), as('2001:db8:1:2:ffff:ffff:ffff:1')];
      await openAll(held);
      expect(await closeCode(as('2001:db8:1:2::b'), 'a third websocket from the same /64')).toBe(CloseCode.RateLimited);
      const other = as('2001:db8:1:3::a');
      await admitted(other);
      for (const c of [...held, other]) c.ws.close();
    } finally {
      await board.ts.dispose();
    }
  });

  it('a client on the IPv6 loopback (::1) is counted under its /64 like any other', async () => {
    const probe = createHttpServer();
    const hasIpv6 = await new Promise<boolean>((resolve) => probe.once('error', () => resolve(false)).listen(0, '::1', () => probe.close(() => resolve(true))));
    expect(hasIpv6, 'IPv6 loopback (::1) is needed: sysctl -w net.ipv6.conf.lo.disable_ipv6=0').toBe(true);
    const board = await startBoard({ HOST: '::', LIMIT_MAX_CONNECTIONS_PER_IP: '1' });
    try {
      const v6 = (url: string) => url.replace('ws://127.0.0.1', 'ws://[::1]');
      const first = rawWs(v6(yjsUrl(board, 'audience')));
      await admitted(first);
      expect(await closeCode(rawWs(v6(yjsUrl(board, 'audience'))), 'a second websocket from ::1')).toBe(CloseCode.RateLimited);
      const v4 = rawWs(yjsUrl(board, 'audience'));
      await admitted(v4);
      first.ws.close();
      v4.ws.close();
      await waitFor(() => board.ts.server.registry.loadedCount() === 0, 'the board to be released');
    } finally {
      await board.ts.dispose();
    }
  });
});
