/**
 * Relaying one message to many WebSocket peers: the frame (header and payload) is built once per
 * broadcast and the same bytes are written to each peer's TCP socket. Through `ws.send` every
 * peer would cost a header allocation, a cork and a two-buffer writev; on a board with 1,000
 * readers that is most of a flush's JavaScript time (see bench/README.md, "Profiles").
 *
 * Writing past `ws` is only sound while its sender has nothing queued: no permessage-deflate
 * (the server never negotiates it), no Blob being read, an open socket. Otherwise, and for any
 * socket that doesn't look like ws 8's, `sendFramed` falls back to `ws.send`, so a framing error
 * can never interleave with a frame `ws` is writing. `bufferedAmount` stays right: it reads the
 * TCP socket's buffer, which these writes go through.
 */
import type { WebSocket } from 'ws';

/** A complete unfragmented binary frame, unmasked (server to client, RFC 6455 §5.2). */
export interface BinaryFrame {
  readonly payload: Uint8Array;
  readonly bytes: Buffer;
}

const FIN_BINARY = 0x82;

export function binaryFrame(payload: Uint8Array): BinaryFrame {
  const n = payload.byteLength;
  const headerBytes = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const bytes = Buffer.allocUnsafe(headerBytes + n);
  bytes[0] = FIN_BINARY;
  if (n < 126) bytes[1] = n;
  else if (n < 65_536) {
    bytes[1] = 126;
    bytes.writeUInt16BE(n, 2);
  } else {
    bytes[1] = 127;
    bytes.writeBigUInt64BE(BigInt(n), 2);
  }
  bytes.set(payload, headerBytes);
  return { payload, bytes };
}

/** The parts of ws 8's internals this relies on; checked at each write. */
interface WsInternals {
  _socket?: { write(chunk: Buffer): boolean; writable: boolean } | null;
  _sender?: { _state?: number; _queue?: unknown[] } | null;
  _extensions?: Record<string, unknown>;
}

const SENDER_IDLE = 0;

function rawSocketOf(ws: WebSocket): WsInternals['_socket'] {
  const w = ws as unknown as WsInternals;
  const sender = w._sender;
  if (!sender || sender._state !== SENDER_IDLE || !Array.isArray(sender._queue) || sender._queue.length > 0) return null;
  if (w._extensions && Object.keys(w._extensions).length > 0) return null;
  return w._socket?.writable ? w._socket : null;
}

/** Sends a frame built by `binaryFrame` to an open socket. */
export function sendFramed(ws: WebSocket, frame: BinaryFrame): void {
  const raw = rawSocketOf(ws);
  if (raw) raw.write(frame.bytes);
  else ws.send(frame.payload);
}
