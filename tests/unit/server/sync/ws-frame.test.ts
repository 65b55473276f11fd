import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { binaryFrame, sendFramed } from '../../../../server/sync/ws-frame.js';

/** A real ws server and client on loopback: the client parses what `sendFramed` wrote. */
let wss: WebSocketServer;
let server: WebSocket;
let client: WebSocket;
const received: Buffer[] = [];

beforeAll(async () => {
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
  client.on('message', (data: Buffer) => received.push(data));
  server = await accepted;
  await new Promise<void>((resolve) => (client.readyState === WebSocket.OPEN ? resolve() : client.once('open', () => resolve())));
});

afterAll(async () => {
  client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
});

async function receive(count: number): Promise<Buffer[]> {
  // Only a failing run waits this long; a loaded CI machine can take seconds to deliver 270 kB.
  const deadline = Date.now() + 30_000;
  while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return received.splice(0, count);
}

const payloadOf = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);

describe('binaryFrame + sendFramed (one frame built for many peers)', () => {
  it('frames every length class (7-bit, 16-bit and 64-bit lengths) so a standard client reads the payload', async () => {
    const sizes = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
    for (const n of sizes) sendFramed(server, binaryFrame(payloadOf(n)));
    const got = await receive(sizes.length);
    expect(got.map((b) => b.length)).toEqual(sizes);
    // Byte equality by Buffer.equals: toEqual walks a 200 kB array element by element, for seconds.
    expect(got.map((b, i) => b.equals(payloadOf(sizes[i])))).toEqual(sizes.map(() => true));
  });

  it('interleaves with what ws itself sends (pings, ws.send) without corrupting the stream', async () => {
    const pongs: number[] = [];
    client.on('ping', () => pongs.push(1));
    const frame = binaryFrame(payloadOf(300));
    for (let i = 0; i < 50; i++) {
      sendFramed(server, frame);
      server.send(payloadOf(10 + i));
      if (i % 10 === 0) server.ping();
    }
    const got = await receive(100);
    got.forEach((b, i) => expect(new Uint8Array(b)).toEqual(i % 2 === 0 ? payloadOf(300) : payloadOf(10 + (i - 1) / 2)));
    expect(pongs.length).toBe(5);
  });

  it('falls back to ws.send while the ws sender has work queued', async () => {
    const sender = (server as unknown as { _sender: { _state: number } })._sender;
    sender._state = 1; // as while ws deflates or reads a Blob: writing past it would interleave
    const queued: unknown[] = [];
    const original = server.send.bind(server);
    server.send = ((data: Uint8Array) => void queued.push(data)) as typeof server.send;
    try {
      sendFramed(server, binaryFrame(payloadOf(5)));
      expect(queued).toEqual([payloadOf(5)]);
    } finally {
      sender._state = 0;
      server.send = original;
    }
  });
});
