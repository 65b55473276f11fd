/**
 * The harness floor: the least a y-websocket relay can do under our write budget, on HOST:PORT.
 * Not a competitor: it measures what the load generator, the kernel and the flush interval alone
 * cost on this machine, a latency our server cannot beat without writing more often. Started as
 * a child process by bench/servers.ts.
 *
 *   - any path is a room (ws://host/<room>, as the reference server), GET / answers "okay";
 *   - sync step 1 is answered with an empty sync step 2 (the empty Yjs update [0, 0]);
 *   - every sync step 2 and sync update is relayed, bytes unchanged, to every other connection
 *     of the room, in batches under our server's flush rule (limits.ts: at most one write per
 *     peer every `FLOOR_FLUSH_MICROS_PER_CONNECTION` (default 20) µs × the room's connections,
 *     at most `FLOOR_MAX_FLUSH_MS` (40) ms apart; a message after a quiet interval goes at once):
 *     each batch is its messages' WebSocket frames, built once and written to each peer's socket
 *     in one write (as server/sync/ws-frame.ts does), without the peer's own;
 *   - awareness is not relayed (the fan-out measures cards; ours relays none between readers);
 *   - no Y.Doc, no awareness state, no persistence, no back-pressure.
 *   Relaying each message at once instead (FLOOR_FLUSH_MICROS_PER_CONNECTION=0) is one write per
 *   reader per card: at N = 1,000 and R = 200 that is more than one core here, and it falls behind.
 *
 * Message grammar: y-protocols PROTOCOL.md (and bench/protocol.ts); every type and step below
 * is < 128, so each is the frame's first or second byte.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const SYNC = 0;
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;
/** sync, step 2, varUint8Array of the empty update [0, 0] */
const EMPTY_STEP2 = new Uint8Array([SYNC, STEP2, 2, 0, 0]);

/**
 * A complete unfragmented binary frame, unmasked (server to client, RFC 6455 §5.2).
 * @param {Uint8Array} payload
 */
function binaryFrame(payload) {
  const n = payload.byteLength;
  const headerBytes = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(headerBytes + n);
  bytes[0] = 0x82;
  if (n < 126) bytes[1] = n;
  else if (n < 65_536) {
    bytes[1] = 126;
    bytes.writeUInt16BE(n, 2);
  } else {
    bytes[1] = 127;
    bytes.writeBigUInt64BE(BigInt(n), 2);
  }
  bytes.set(payload, headerBytes);
  return bytes;
}

/**
 * ws 8's TCP socket when its sender is idle (nothing queued, no extension), else null.
 * @param {any} ws a ws 8 WebSocket, read past its public API
 * @returns {import('node:net').Socket | null}
 */
function rawSocketOf(ws) {
  const sender = ws._sender;
  if (!sender || sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length > 0) return null;
  if (ws._extensions && Object.keys(ws._extensions).length > 0) return null;
  return ws._socket?.writable ? ws._socket : null;
}

const MICROS_PER_CONNECTION = Number(process.env.FLOOR_FLUSH_MICROS_PER_CONNECTION ?? 20);
const MAX_FLUSH_MS = Number(process.env.FLOOR_MAX_FLUSH_MS ?? 40);

/** @typedef {import('ws').WebSocket} Peer */
/**
 * @typedef {object} Room
 * @property {Set<Peer>} peers its open connections
 * @property {Array<{ from: Peer, frame: Buffer, payloadLength: number }>} queue frames waiting for the next flush
 * @property {number} lastFlush
 * @property {boolean} scheduled
 */
/** @type {Map<string, Room>} room name → room */
const rooms = new Map();

/**
 * Writes `bytes` to `peer`: past ws when its sender is idle (one write of ready frames), else
 * each message through ws.
 * @param {Peer} peer
 * @param {Buffer} bytes complete frames
 * @param {Buffer[]} payloads the same messages, for ws.send
 */
function write(peer, bytes, payloads) {
  const raw = rawSocketOf(peer);
  if (raw) raw.write(bytes);
  else for (const p of payloads) peer.send(p);
}

/** @param {Room} room */
function flush(room) {
  room.scheduled = false;
  room.lastFlush = Date.now();
  const batch = room.queue;
  room.queue = [];
  const all = Buffer.concat(batch.map((q) => q.frame));
  const senders = new Set(batch.map((q) => q.from));
  for (const peer of room.peers) {
    if (peer.readyState !== 1) continue;
    // A writer gets the batch without its own messages (5 writers among 1,000 readers).
    const mine = senders.has(peer) ? batch.filter((q) => q.from !== peer) : batch;
    if (mine.length === 0) continue;
    const payloads = mine.map((q) => q.frame.subarray(q.frame.length - q.payloadLength));
    write(peer, mine === batch ? all : Buffer.concat(mine.map((q) => q.frame)), payloads);
  }
}

/**
 * @param {Peer} from
 * @param {Room} room
 * @param {Buffer} payload
 */
function relay(from, room, payload) {
  room.queue.push({ from, frame: binaryFrame(payload), payloadLength: payload.length });
  if (room.scheduled) return;
  room.scheduled = true;
  const interval = Math.min(MAX_FLUSH_MS, (room.peers.size * MICROS_PER_CONNECTION) / 1000);
  const wait = room.lastFlush + interval - Date.now();
  if (wait > 0) setTimeout(() => flush(room), wait);
  else setImmediate(() => flush(room));
}

/**
 * @param {Peer} ws
 * @param {Room} room
 * @param {Buffer} data
 */
function onMessage(ws, room, data) {
  if (data.length < 2) return;
  if (data[0] === SYNC && data[1] === STEP1) ws.send(EMPTY_STEP2);
  else if (data[0] === SYNC && (data[1] === STEP2 || data[1] === UPDATE)) relay(ws, room, data);
}

const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

http.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    const name = (req.url ?? '/').split('?')[0];
    let room = rooms.get(name);
    if (!room) rooms.set(name, (room = { peers: new Set(), queue: [], lastFlush: 0, scheduled: false }));
    room.peers.add(ws);
    // binaryType 'nodebuffer' (the default): every message is one Buffer
    ws.on('message', (data, isBinary) => {
      if (isBinary) onMessage(ws, room, /** @type {Buffer} */ (data));
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      room.peers.delete(ws);
      if (room.peers.size === 0 && !room.scheduled && rooms.get(name) === room) rooms.delete(name);
    });
  });
});

http.listen(Number(process.env.PORT ?? 1234), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));
