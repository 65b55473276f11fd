/**
 * The harness floor (bench/floor-server.mjs), the least a y-websocket relay does: sync step 1
 * answered with an empty step 2; sync updates and step 2 relayed unchanged, in order and in
 * batches, to every other connection of the room (the path), and to no other room; awareness
 * not relayed; frames of every length class (7-bit, 16-bit and 64-bit payload lengths) built right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../../bench/servers.js';
import { encodeAwareness, encodeEmptyStep1, encodeEmptyStep2, encodeUpdate } from '../../bench/protocol.js';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer('floor');
});
afterAll(async () => {
  await server?.stop();
});

interface Peer {
  ws: WebSocket;
  got: Buffer[];
}

async function open(path: string): Promise<Peer> {
  const ws = new WebSocket(server.wsUrl + path);
  const got: Buffer[] = [];
  ws.on('message', (data: Buffer) => got.push(data));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, got };
}

/** Sends sync step 1 from `peer` and waits for its step 2: everything sent earlier was handled. */
async function barrier(peer: Peer): Promise<void> {
  const before = peer.got.length;
  peer.ws.send(encodeEmptyStep1());
  await expect.poll(() => peer.got.length, { timeout: 2_000 }).toBeGreaterThan(before);
}

describe('bench floor server', () => {
  it('answers GET / (the runner waits for it)', async () => {
    expect((await fetch(server.httpUrl + '/')).status).toBe(200);
  });

  it('answers sync step 1 with an empty sync step 2, to the sender only', async () => {
    const a = await open('/room-step');
    const b = await open('/room-step');
    await barrier(a);
    expect(a.got).toEqual([Buffer.from(encodeEmptyStep2())]);
    await barrier(b);
    expect(b.got).toEqual([Buffer.from(encodeEmptyStep2())]);
    a.ws.close();
    b.ws.close();
  });

  it('relays updates and step 2 unchanged and in order to the rest of the room, and nowhere else; no awareness', async () => {
    const [a, b, c, other] = await Promise.all([open('/room-1'), open('/room-1'), open('/room-1?token=x'), open('/room-2')]);
    const sent = [
      encodeUpdate(new Uint8Array(10).fill(7)),
      encodeUpdate(new Uint8Array(300).fill(8)),
      encodeUpdate(new Uint8Array(70_000).fill(9)),
      new Uint8Array([0, 1, 3, 1, 2, 3]),
      encodeAwareness(42, 1, { user: { name: 'A' } })
    ];
    for (const frame of sent) a.ws.send(frame);
    // The awareness message is not relayed: the fan-out measures cards.
    const expected = sent.slice(0, 4).map((f) => Buffer.from(f));
    await expect.poll(() => b.got.length, { timeout: 2_000 }).toBe(expected.length);
    await expect.poll(() => c.got.length, { timeout: 2_000 }).toBe(expected.length);
    await barrier(b);
    expect(b.got).toEqual([...expected, Buffer.from(encodeEmptyStep2())]);
    expect(c.got).toEqual(expected);
    await barrier(a);
    await barrier(other);
    expect(a.got).toEqual([Buffer.from(encodeEmptyStep2())]);
    expect(other.got).toEqual([Buffer.from(encodeEmptyStep2())]);
    for (const p of [a, b, c, other]) p.ws.close();
  });

  it('gives each writer the batch without its own messages', async () => {
    const [a, d, b] = await Promise.all([open('/room-3'), open('/room-3'), open('/room-3')]);
    const fromA = encodeUpdate(new Uint8Array(5).fill(1));
    const fromD = encodeUpdate(new Uint8Array(5).fill(2));
    // The same event-loop turn on the server as far as it can tell: both land in one batch or two.
    a.ws.send(fromA);
    d.ws.send(fromD);
    await expect.poll(() => b.got.length, { timeout: 2_000 }).toBe(2);
    await barrier(a);
    await barrier(d);
    expect(a.got).toEqual([Buffer.from(fromD), Buffer.from(encodeEmptyStep2())]);
    expect(d.got).toEqual([Buffer.from(fromA), Buffer.from(encodeEmptyStep2())]);
    expect(new Set(b.got.map((m) => m.toString('hex')))).toEqual(new Set([fromA, fromD].map((m) => Buffer.from(m).toString('hex'))));
    for (const p of [a, d, b]) p.ws.close();
  });
});
