/**
 * A board to load, on either server, and the clients that connect to it.
 *   project    POST /api/events creates the event and its boards; the role links carry tokens;
 *              the socket is ws://host/yjs/<boardId>?token=<token>&device=<deviceId>
 *   reference  any room name is a document, ws://host/<docName>; the first writer seeds it with
 *   hocuspocus the same integration board `initBoard` builds. Neither has roles: readers and
 *              writers get the same load as on ours. Hocuspocus clients frame every message with
 *              the document name (protocol.ts).
 *   floor      as the reference, but it holds no document: its sync step 2 is always empty, so
 *              every writer plans its cards on the seed.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { DEFAULT_LIMITS } from '../server/app/limits.js';
import { createTokenBucket } from '../server/limits/rate-limiter.js';
import { scanUpdate } from '../server/sync/update-scan.js';
import { boardSetup, initBoard, LOCAL, newDeviceId, newId } from '../src/lib/board/index.js';
import type { CreateEventResponse } from '../src/lib/protocol/api.js';
import { planUpdates } from './cards.js';
import { LightClient } from './client.js';
import { sleep } from './load.js';
import { encodeUpdate } from './protocol.js';
import type { RunningServer } from './servers.js';
import type { TransportKind } from './transport.js';

export type ReaderRole = 'audience' | 'panelist';

export interface BenchBoard {
  /** The id the server derives participant keys from. */
  boardId: string;
  writerUrl(deviceId: string): string;
  readerUrl(deviceId: string): string;
  /** The board's initial state, for servers that do not create boards; null when the server does. */
  seed: Uint8Array | null;
  /** A device identity for a writer: issued by the server (POST /api/device) where it issues them. */
  newDevice(): Promise<string>;
  /** The document name when the server speaks Hocuspocus's framing; undefined for y-websocket. */
  hocuspocusDoc?: string;
  /** The projector link's token, where the server has roles (its session holds the QR link). */
  projectorToken?: string;
}

const EVENT = { date: '2026-11-27', place: 'Praha', template: 'integration', lang: 'cs' } as const;

export async function createBoard(server: RunningServer, readerRole: ReaderRole): Promise<BenchBoard> {
  const title = `Benchmark ${newId(6)}`;
  if (server.kind !== 'project') {
    const doc = new Y.Doc();
    initBoard(doc, boardSetup('integration', 'cs', title), LOCAL);
    const boardId = `bench-${newId(10)}`;
    const url = () => `${server.wsUrl}/${boardId}`;
    return {
      boardId,
      writerUrl: url,
      readerUrl: url,
      seed: Y.encodeStateAsUpdate(doc),
      newDevice: async () => newDeviceId(),
      hocuspocusDoc: server.kind === 'hocuspocus' ? boardId : undefined
    };
  }
  const res = await fetch(`${server.httpUrl}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.httpUrl },
    body: JSON.stringify({ title, ...EVENT })
  });
  if (!res.ok) throw new Error(`POST /api/events: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as CreateEventResponse;
  const boardId = created.boards[0]?.id;
  const links = boardId ? created.links[boardId] : undefined;
  if (!boardId || !links) throw new Error(`POST /api/events returned no board: ${JSON.stringify(created)}`);
  const token = (link: string) => {
    const t = new URL(link, server.httpUrl).searchParams.get('t');
    if (!t) throw new Error(`role link without ?t=: ${link}`);
    return t;
  };
  const url = (tok: string) => (deviceId: string) => `${server.wsUrl}/yjs/${boardId}?token=${encodeURIComponent(tok)}&device=${encodeURIComponent(deviceId)}`;
  return {
    boardId,
    writerUrl: url(token(links.panelist)),
    readerUrl: url(token(readerRole === 'panelist' ? links.panelist : links.audience)),
    projectorToken: token(links.projector),
    seed: null,
    async newDevice() {
      // Only a server-issued identity owns the cards a writer adds (server/events/devices.ts).
      const issued = await fetch(`${server.httpUrl}/api/device`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (issued.status !== 201) throw new Error(`POST /api/device: ${issued.status} ${await issued.text()}`);
      return ((await issued.json()) as { deviceId: string }).deviceId;
    }
  };
}

/** The update inside a sync step 2 frame. */
export function step2Payload(frame: Buffer): Uint8Array {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d).slice();
}

/** The empty Yjs update (no structs, empty delete set) is [0, 0]. */
const EMPTY_UPDATE_BYTES = 2;

export interface Writer {
  client: LightClient;
  deviceId: string;
  name: string;
  /** The board as this writer synced it. */
  baseState: Uint8Array;
}

export interface ConnectOptions {
  transport: TransportKind;
  deflate: boolean;
  /** Send an awareness state on join. */
  awareness: boolean;
  renewAwareness: boolean;
  timeoutMs: number;
}

/** Connects W writers (seeding the board first where needed) and syncs each. */
export async function openWriters(board: BenchBoard, count: number, options: ConnectOptions): Promise<Writer[]> {
  const writers: Writer[] = [];
  for (let i = 0; i < count; i++) {
    const deviceId = await board.newDevice();
    const name = `Panelista ${i + 1}`;
    let baseState: Uint8Array = new Uint8Array();
    const client = new LightClient({
      url: board.writerUrl(deviceId),
      awareness: options.awareness ? { user: { name, color: '#1f77b4' }, role: 'panelist' } : null,
      renewAwareness: options.renewAwareness,
      transport: options.transport,
      deflate: options.deflate,
      hocuspocusDoc: board.hocuspocusDoc,
      onStep2: (frame) => (baseState = step2Payload(frame))
    });
    await client.connect(options.timeoutMs);
    // a relay with no document (the floor) syncs nothing: the board is the seed the first writer sent
    if (board.seed && baseState.length <= EMPTY_UPDATE_BYTES) baseState = board.seed;
    if (i === 0 && board.seed) {
      client.sendUpdate(board.seed);
      await client.barrier(options.timeoutMs);
      baseState = board.seed;
    }
    writers.push({ client, deviceId, name, baseState });
  }
  return writers;
}

/** Cards per update frame while filling a board. */
const FILL_BATCH = 50;
/** The share of the server's decode budget a fill spends: the rest absorbs timer and clock slack. */
const FILL_BUDGET_SHARE = 0.8;

/**
 * Fills the board with `cards` benchmark cards (markers 0 … cards − 1) from `writer`, before a
 * timed phase, and returns how long it took in ms. The server closes a connection whose updates
 * spend more decode work than LIMIT_UPDATE_STRUCTS_PER_SECOND admits (4529 "too much update
 * work"; the bench servers keep it as shipped), so each batch first takes its work from a bucket
 * like the server's, at a share of its rate: a small board goes in one burst, a large one at the
 * pace the budget allows.
 */
export async function fillBoard(board: BenchBoard, writer: Writer, cards: number, timeoutMs = 60_000): Promise<number> {
  const start = performance.now();
  const updates = planUpdates({ baseState: writer.baseState, boardId: board.boardId, writer, seqs: Array.from({ length: cards }, (_, i) => i) });
  const { maxStructsPerUpdate, updateStructsPerSecond } = DEFAULT_LIMITS;
  const budget = createTokenBucket({ capacity: FILL_BUDGET_SHARE * Math.max(maxStructsPerUpdate, updateStructsPerSecond), perSecond: FILL_BUDGET_SHARE * updateStructsPerSecond });
  for (let i = 0; i < updates.length; i += FILL_BATCH) {
    const update = Y.mergeUpdates(updates.slice(i, i + FILL_BATCH));
    const scan = scanUpdate(update, maxStructsPerUpdate);
    if (scan.kind !== 'ok') throw new Error(`filling the board: a batch of ${FILL_BATCH} cards is over LIMIT_MAX_STRUCTS_PER_UPDATE (${scan.work})`);
    for (let taken = budget.take(scan.work); !taken.ok; taken = budget.take(scan.work)) await sleep(taken.retryAfterMs);
    writer.client.sendFrame(encodeUpdate(update));
  }
  await writer.client.barrier(timeoutMs).catch((err: Error) => {
    throw new Error(`filling the board: ${err.message} (writer ${writer.client.state} ${writer.client.closeCode ?? ''} ${writer.client.closeReason})`);
  });
  return performance.now() - start;
}

export interface ReaderCallbacks {
  onUpdate?: (reader: number, frame: Buffer, at: number) => void;
  onStep2?: (reader: number, frame: Buffer, at: number) => void;
}

export function makeReaders(board: BenchBoard, count: number, options: ConnectOptions, callbacks: ReaderCallbacks): LightClient[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `Divák ${i + 1}`;
    return new LightClient({
      url: board.readerUrl(newDeviceId()),
      awareness: options.awareness ? { user: { name, color: '#ff7f0e' }, role: 'audience' } : null,
      renewAwareness: options.renewAwareness,
      transport: options.transport,
      deflate: options.deflate,
      hocuspocusDoc: board.hocuspocusDoc,
      onUpdate: callbacks.onUpdate && ((frame, at) => callbacks.onUpdate?.(i, frame, at)),
      onStep2: callbacks.onStep2 && ((frame, at) => callbacks.onStep2?.(i, frame, at))
    });
  });
}

/**
 * Connects clients with at most `concurrency` handshakes in flight and returns the failures.
 * Clients not yet started when `phaseMs` runs out are not started, and count as failures.
 */
export async function connectAll(clients: readonly LightClient[], concurrency: number, timeoutMs: number, phaseMs = Infinity): Promise<string[]> {
  const failures: string[] = [];
  const deadline = performance.now() + phaseMs;
  let next = 0;
  const lane = async () => {
    while (next < clients.length) {
      const client = clients[next++];
      if (performance.now() > deadline) {
        failures.push(`connect phase over ${phaseMs} ms`);
        continue;
      }
      await client.connect(timeoutMs).catch((err: Error) => failures.push(err.message));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, clients.length)) }, lane));
  return failures;
}

export function closeAll(clients: Iterable<LightClient>): void {
  for (const c of clients) c.close();
}
