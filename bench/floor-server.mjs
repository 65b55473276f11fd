/**
 * The harness floor: the least a y-websocket relay can do, on HOST:PORT. Not a competitor: it
 * measures what the load generator and the kernel alone cost on this machine, a latency no
 * server can beat. Started as a child process by bench/servers.ts.
 *
 *   - any path is a room (ws://host/<room>, as the reference server), GET / answers "okay";
 *   - sync step 1 is answered with an empty sync step 2 (the empty Yjs update [0, 0]);
 *   - every sync step 2, sync update and awareness message is relayed at once, bytes unchanged,
 *     to every other connection of the room, the WebSocket frame built once per message and
 *     written to each peer's socket (as server/sync/ws-frame.ts does);
 *   - no Y.Doc, no awareness state, no persistence, no batching, no back-pressure.
 *
 * Message grammar: y-protocols PROTOCOL.md (and bench/protocol.ts); every type and step below
 * is < 128, so each is the frame's first or second byte.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const SYNC = 0;
const AWARENESS = 1;
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

/** @typedef {import('ws').WebSocket} Peer */
/** @type {Map<string, Set<Peer>>} room name → its open connections */
const rooms = new Map();

/**
 * @param {Peer} from
 * @param {Set<Peer>} room
 * @param {Buffer} payload
 */
function relay(from, room, payload) {
  /** @type {Buffer | null} */
  let frame = null;
  for (const peer of room) {
    if (peer === from || peer.readyState !== 1) continue;
    const raw = rawSocketOf(peer);
    if (raw) raw.write((frame ??= binaryFrame(payload)));
    else peer.send(payload);
  }
}

/**
 * @param {Peer} ws
 * @param {Set<Peer>} room
 * @param {Buffer} data
 */
function onMessage(ws, room, data) {
  if (data.length < 2) return;
  if (data[0] === SYNC && data[1] === STEP1) ws.send(EMPTY_STEP2);
  else if ((data[0] === SYNC && (data[1] === STEP2 || data[1] === UPDATE)) || data[0] === AWARENESS) relay(ws, room, data);
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
    if (!room) rooms.set(name, (room = new Set()));
    room.add(ws);
    // binaryType 'nodebuffer' (the default): every message is one Buffer
    ws.on('message', (data, isBinary) => {
      if (isBinary) onMessage(ws, room, /** @type {Buffer} */ (data));
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      room.delete(ws);
      if (room.size === 0 && rooms.get(name) === room) rooms.delete(name);
    });
  });
});

http.listen(Number(process.env.PORT ?? 1234), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));
