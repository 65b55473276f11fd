/**
 * Shared set-up for the hostile suite: a real in-process server with a board holding known
 * cards, raw websocket and TCP clients, and the check every case ends with: a well-behaved
 * client still connects and syncs, and the board's cards are intact.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { expect } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';

export interface Board {
  ts: TestServer;
  ev: TestEvent;
  /** Card id → text of the cards written before any case ran. */
  cards: Map<string, string>;
}

export async function startBoard(env: Record<string, string> = {}): Promise<Board> {
  const ts = await startTestServer({ env });
  const ev = await createTestEvent(ts.url);
  const writer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
  const key = participantKey(ev.boardId, writer.deviceId);
  const cards = new Map<string, string>();
  for (let i = 0; i < 5; i++) {
    const text = `Existing card ${i} ${randomBytes(4).toString('hex')}`;
    cards.set(addCard(writer.doc, { kind: 'question', text, orgId: null, author: 'Seed', authorKey: key, topicId: null }, LOCAL), text);
  }
  await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => [...cards.keys()].every((id) => b.full.doc.getMap('cards').has(id))), 'the seed cards');
  writer.destroy();
  await waitFor(() => ts.server.registry.loadedCount() === 0, 'the seed writer to leave');
  return { ts, ev, cards };
}

/** The invariant after every case: the process answers, a fresh client syncs every existing card, actions work. */
export async function expectBoardHealthy(board: Board): Promise<void> {
  const { ts, ev, cards } = board;
  expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
  const client = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
  try {
    const synced = readBoard(client.doc).cards;
    for (const [id, text] of cards) expect(synced.find((c) => c.id === id)?.text, `card ${id}`).toBe(text);
    const audience = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
    const visible = readBoard(audience.doc).cards.map((c) => c.id);
    audience.destroy();
    expect(visible).toEqual(expect.arrayContaining([...cards.keys()]));
  } finally {
    client.destroy();
  }
  const socket = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
  try {
    expect((await call(socket, 'vote:toggle', { cardId: [...cards.keys()][0] })).ok).toBe(true);
    expect((await call(socket, 'vote:toggle', { cardId: [...cards.keys()][0] })).ok).toBe(true);
  } finally {
    socket.close();
  }
}

export interface RawWs {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  messages: Array<Buffer | string>;
  errors: Error[];
}

/** A raw `ws` client (with an error listener: hostile cases make the library raise errors). */
export function rawWs(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): RawWs {
  const ws = new WebSocket(url, options);
  const messages: Array<Buffer | string> = [];
  const errors: Error[] = [];
  ws.on('error', (err) => errors.push(err));
  ws.on('message', (data, isBinary) => messages.push(isBinary ? (data as Buffer) : data.toString()));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('closed before open')));
  });
  opened.catch(() => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, opened, closed, messages, errors };
}

export const yjsUrl = (board: Board, role: keyof TestEvent['tokens'] = 'moderator', boardId = board.ev.boardId): string =>
  `${board.ts.wsUrl}/yjs/${boardId}?token=${board.ev.tokens[role]}&device=${'d'.repeat(16)}${randomBytes(4).toString('hex')}`;

/** Closes within the deadline, or fails; returns the close code. */
export async function closeCode(client: RawWs, what: string): Promise<number> {
  const { code } = await waitFor(() => Promise.race([client.closed, new Promise<null>((r) => setTimeout(() => r(null), 50))]), `${what} to be closed`, 20_000);
  return code;
}

export interface RawTcp {
  socket: Socket;
  /** Everything received so far. */
  received(): Buffer;
  ended: Promise<void>;
  write(data: string | Buffer): void;
}

export function rawTcp(board: Board): Promise<RawTcp> {
  const port = Number(new URL(board.ts.url).port);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => (buf = Buffer.concat([buf, d])));
    socket.on('error', () => undefined);
    const ended = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, received: () => buf, ended, write: (d) => void socket.write(d) }));
    socket.once('error', reject);
  });
}

/** Opens a websocket by hand over raw TCP (for frames the `ws` client refuses to build). */
export async function rawTcpWebsocket(board: Board, path: string): Promise<RawTcp> {
  const tcp = await rawTcp(board);
  const key = randomBytes(16).toString('base64');
  tcp.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  await waitFor(() => tcp.received().includes('\r\n\r\n'), 'the upgrade response');
  expect(tcp.received().toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  return tcp;
}

/** A client frame (masked unless told otherwise) with explicit first byte (FIN, RSV bits, opcode). */
export function clientFrame(firstByte: number, payload: Buffer, options: { mask?: boolean } = {}): Buffer {
  const mask = options.mask !== false;
  const len = payload.length;
  const header = len < 126 ? Buffer.from([firstByte, (mask ? 0x80 : 0) | len]) : Buffer.from([firstByte, (mask ? 0x80 : 0) | 126, len >> 8, len & 0xff]);
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([header, key, body]);
}

/** Server frames parsed from a raw byte stream (unmasked, as servers send them). */
export function serverFrames(bytes: Buffer): Array<{ opcode: number; payload: Buffer }> {
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  const head = bytes.indexOf('\r\n\r\n');
  let at = head >= 0 ? head + 4 : 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f;
    let len = bytes[at + 1] & 0x7f;
    let off = at + 2;
    if (len === 126) {
      if (off + 2 > bytes.length) break;
      len = bytes.readUInt16BE(off);
      off += 2;
    } else if (len === 127) {
      if (off + 8 > bytes.length) break;
      len = Number(bytes.readBigUInt64BE(off));
      off += 8;
    }
    if (off + len > bytes.length) break;
    frames.push({ opcode, payload: bytes.subarray(off, off + len) });
    at = off + len;
  }
  return frames;
}

/** The close code of the first close frame in a raw server stream, or null. */
export function closeFrameCode(bytes: Buffer): number | null {
  const close = serverFrames(bytes).find((f) => f.opcode === 0x8);
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : null;
}
