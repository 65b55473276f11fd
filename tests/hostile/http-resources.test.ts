/**
 * What one address may hold (issue 13, finding 9; docs/limits.md): HTTP requests in flight,
 * request bodies that trickle, and socket.io connections that never authenticate.
 */
import { connect, type Socket as TcpSocket } from 'node:net';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectAs } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { expectBoardHealthy, startBoard, type Board } from './harness.js';

interface Held {
  socket: TcpSocket;
  text(): string;
  ended: Promise<void>;
}

/** A raw TCP client from `localAddress` that writes `head` (and whatever else the test sends later). */
function hold(board: Board, head: string, localAddress = '127.0.0.1'): Promise<Held> {
  const port = Number(new URL(board.ts.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let buf = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (buf += d));
    socket.on('error', () => undefined);
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => {
      socket.write(head);
      resolve({ socket, text: () => buf, ended });
    });
    socket.once('error', reject);
  });
}

function get(board: Board, path: string, localAddress: string): Promise<number> {
  const port = Number(new URL(board.ts.url).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const slowPost = (path: string, length: number, first: string): string =>
  `POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${first}`;

/** Resolves when `held` is closed by the server, or fails after `ms`. */
async function closedWithin(held: Held, ms: number, what: string): Promise<void> {
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));
  expect(await Promise.race([held.ended.then(() => 'closed' as const), timeout]), what).toBe('closed');
}

describe('HTTP request bodies (LIMIT_BODY_TIMEOUT_MS, LIMIT_MIN_BODY_BYTES_PER_SECOND)', () => {
  it('a JSON body that never finishes is answered 408 and its connection closed, however steadily it trickles', async () => {
    // The minimum rate (1 byte/s here) is met: the short timeout of a small body is what ends it.
    const board = await startBoard({ LIMIT_BODY_TIMEOUT_MS: '500', LIMIT_MIN_BODY_BYTES_PER_SECOND: '1' });
    try {
      const held = await hold(board, slowPost('/api/events', 2000, '{"title":"'));
      const drip = setInterval(() => held.socket.write('a'), 50);
      try {
        await closedWithin(held, 8000, 'the slow JSON body');
      } finally {
        clearInterval(drip);
      }
      expect(held.text()).toMatch(/^HTTP\/1\.1 408/);
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });

  it('an upload that trickles below the minimum rate is answered 408; one at a fair rate is stored', async () => {
    const board = await startBoard({ LIMIT_BODY_TIMEOUT_MS: '500', LIMIT_MIN_BODY_BYTES_PER_SECOND: '20000' });
    const path = `/api/events/${board.ev.response.eventId}/materials?t=${board.ev.tokens.moderator}&name=slides.pdf`;
    try {
      const size = 400_000;
      const held = await hold(board, `POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: ${size}\r\n\r\n%PDF-1.4\n`);
      const drip = setInterval(() => held.socket.write(Buffer.alloc(500, 0x20)), 100); // 5 KB/s
      try {
        await closedWithin(held, 8000, 'the trickling upload');
      } finally {
        clearInterval(drip);
      }
      expect(held.text()).toMatch(/^HTTP\/1\.1 408/);

      const body = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size - 9, 0x20)]);
      const res = await fetch(board.ts.url + path, { method: 'POST', body: new Uint8Array(body) });
      expect(res.status).toBe(201);
    } finally {
      await board.ts.dispose();
    }
  });
});

describe('HTTP requests in flight per address (LIMIT_MAX_REQUESTS_IN_FLIGHT_PER_IP)', () => {
  it('past the cap an address gets 429 at once; other addresses are served; slots come back when requests end', async () => {
    const board = await startBoard({ LIMIT_MAX_REQUESTS_IN_FLIGHT_PER_IP: '5', LIMIT_BODY_TIMEOUT_MS: '60000' });
    try {
      const held = await Promise.all(Array.from({ length: 5 }, () => hold(board, slowPost('/api/events', 200, '{'), '127.0.0.3')));
      await waitFor(async () => (await get(board, '/healthz', '127.0.0.3')) === 429, 'the sixth request from the address to be refused');
      expect(await get(board, '/healthz', '127.0.0.4')).toBe(200);
      for (const h of held) h.socket.destroy();
      await waitFor(async () => (await get(board, '/healthz', '127.0.0.3')) === 200, 'the address to be served again');
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });
});

/** A raw engine.io websocket that never sends the namespace CONNECT (unless told to). */
function engineSocket(board: Board): { ws: WebSocket; opened: Promise<void>; closed: Promise<void>; messages: string[] } {
  const ws = new WebSocket(`${board.ts.wsUrl}/socket.io/?EIO=4&transport=websocket`);
  const messages: string[] = [];
  ws.on('error', () => undefined);
  ws.on('message', (m) => messages.push(m.toString()));
  const opened = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return { ws, opened, closed, messages };
}

describe('socket.io handshakes (LIMIT_HANDSHAKE_TIMEOUT_MS, LIMIT_MAX_PENDING_CONNECTIONS_PER_IP)', () => {
  it('a connection that never authenticates is closed after the handshake timeout', async () => {
    const board = await startBoard({ LIMIT_HANDSHAKE_TIMEOUT_MS: '500' });
    try {
      const idle = engineSocket(board);
      await idle.opened;
      const timeout = new Promise<'open'>((r) => setTimeout(() => r('open'), 8000));
      expect(await Promise.race([idle.closed.then(() => 'closed' as const), timeout])).toBe('closed');
    } finally {
      await board.ts.dispose();
    }
  });

  it('a refused handshake (bad token) gets its connect_error, then the connection is closed', async () => {
    const board = await startBoard();
    try {
      const bad = engineSocket(board);
      await bad.opened;
      bad.ws.send(`40${JSON.stringify({ token: 'x'.repeat(24), boardId: board.ev.boardId, deviceId: 'd'.repeat(22) })}`);
      const timeout = new Promise<'open'>((r) => setTimeout(() => r('open'), 8000));
      expect(await Promise.race([bad.closed.then(() => 'closed' as const), timeout])).toBe('closed');
      expect(bad.messages.some((m) => m.startsWith('44'))).toBe(true);
    } finally {
      await board.ts.dispose();
    }
  });

  it('unauthenticated connections count per address: past the cap the oldest are closed, and the moderator still gets in', async () => {
    const board = await startBoard({ LIMIT_MAX_PENDING_CONNECTIONS_PER_IP: '10', LIMIT_HANDSHAKE_TIMEOUT_MS: '60000' });
    try {
      const idle: Array<ReturnType<typeof engineSocket>> = [];
      for (let i = 0; i < 30; i++) {
        const s = engineSocket(board);
        await s.opened;
        idle.push(s);
      }
      await waitFor(() => idle.filter((s) => s.ws.readyState === s.ws.OPEN).length <= 10, 'at most 10 unauthenticated connections to stay open');
      expect(idle.slice(20).every((s) => s.ws.readyState === s.ws.OPEN)).toBe(true);
      (await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.moderator)).close();
      for (const s of idle) s.ws.close();
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });

  it('new socket.io engine connections per address are rate-limited before any auth: a flood is refused, other addresses and the moderator are not', async () => {
    const board = await startBoard({ LIMIT_CONNECTION_BURST_PER_IP: '20', LIMIT_CONNECTIONS_PER_SECOND_PER_IP: '5', LIMIT_HANDSHAKE_TIMEOUT_MS: '60000' });
    try {
      const handshake = (localAddress: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = request(`${board.ts.url}/socket.io/?EIO=4&transport=polling`, { localAddress, agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      const flood = await Promise.all(Array.from({ length: 60 }, () => handshake('127.0.0.1')));
      expect(flood.filter((s) => s === 200).length).toBeLessThanOrEqual(28);
      expect(flood.filter((s) => s !== 200).length).toBeGreaterThanOrEqual(32);
      expect(await handshake('127.0.0.2')).toBe(200);
      // The bucket refills (5/s here, 100/s by default): the moderator on the same address gets in a moment later.
      await new Promise((r) => setTimeout(r, 1500));
      (await connectAs(board.ts.url, board.ev.boardId, board.ev.tokens.moderator)).close();
      await expectBoardHealthy(board);
    } finally {
      await board.ts.dispose();
    }
  });
});
