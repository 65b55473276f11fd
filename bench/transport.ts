/**
 * The socket under a light client. Two implementations of one small interface:
 *   raw  a minimal RFC 6455 client on a bare TCP socket (binary frames, ping/pong, close,
 *        fragments; no extensions). It costs the generator a fraction of what `ws` does per
 *        frame, which matters when one process reads 100,000+ frames per second.
 *   ws   the `ws` package, which can offer permessage-deflate like a browser does.
 * Client frames are masked with a zero key: valid per RFC 6455 §5.3 (the key's secrecy only
 * matters against browser-side attacks on proxies), and it saves an XOR pass per frame.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';

export type TransportKind = 'raw' | 'ws';

export interface TransportHandlers {
  onOpen(): void;
  /** `frame` is only valid during the call (the raw transport reuses its read buffer): copy what you keep. */
  onMessage(frame: Buffer): void;
  onClose(code: number, reason: string): void;
  onError(err: Error): void;
}

export interface Transport {
  send(payload: Uint8Array): void;
  terminate(): void;
  readonly extensions: string;
}

/** `localAddress`: the loopback address to connect from (e.g. 127.0.0.7), as another device in the hall. */
export function openTransport(kind: TransportKind, url: string, deflate: boolean, h: TransportHandlers, localAddress?: string): Transport {
  return kind === 'ws' ? openWs(url, deflate, h, localAddress) : openRaw(url, h, localAddress);
}

function openWs(url: string, deflate: boolean, h: TransportHandlers, localAddress?: string): Transport {
  const ws = new WebSocket(url, { perMessageDeflate: deflate, localAddress });
  ws.on('open', () => h.onOpen());
  ws.on('message', (data: Buffer) => h.onMessage(data));
  ws.on('close', (code, reason) => h.onClose(code, reason.toString()));
  ws.on('error', (err) => h.onError(err));
  return {
    send: (payload) => ws.readyState === WebSocket.OPEN && ws.send(payload),
    terminate: () => ws.terminate(),
    get extensions() {
      return ws.extensions;
    }
  };
}

const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

function frameHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, 0x80 | length, 0, 0, 0, 0]);
  if (length < 65_536) {
    const h = Buffer.alloc(8);
    h[0] = 0x80 | opcode;
    h[1] = 0x80 | 126;
    h.writeUInt16BE(length, 2);
    return h;
  }
  const h = Buffer.alloc(14);
  h[0] = 0x80 | opcode;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(BigInt(length), 2);
  return h;
}

/**
 * One read buffer for every raw socket (`onread`): the kernel's bytes land in it and are parsed
 * in place, with no Buffer allocated and no stream machinery per read. At N = 1,000 the
 * generator reads tens of thousands of frames a second, and what each read costs it lands in
 * the spread of every card's delivery times. Only an incomplete frame's bytes are copied out.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

function openRaw(url: string, h: TransportHandlers, localAddress?: string): Transport {
  const u = new URL(url);
  const socket: Socket = connect({
    host: u.hostname,
    port: Number(u.port),
    localAddress,
    noDelay: true,
    onread: {
      buffer: READ_BUFFER,
      callback: (n: number, buffer: Uint8Array) => {
        onData(Buffer.from(buffer.buffer, buffer.byteOffset, n));
        return true; // keep reading
      }
    }
  });
  let state: 'handshake' | 'open' | 'closed' = 'handshake';
  let buf: Buffer = Buffer.alloc(0);
  // a large frame arrives in many chunks: collect them and join once, not once per chunk
  let waiting: Buffer[] = [];
  let waitingBytes = 0;
  let need = 0;
  let fragments: Buffer[] = [];
  let fragmentOp = 0;
  const finish = (code: number, reason: string) => {
    if (state === 'closed') return;
    state = 'closed';
    socket.destroy();
    h.onClose(code, reason);
  };
  const write = (opcode: number, payload: Uint8Array) => {
    if (state !== 'open') return;
    socket.write(Buffer.concat([frameHeader(opcode, payload.length), payload]));
  };
  const handshake = () => {
    const end = buf.indexOf('\r\n\r\n');
    if (end === -1) return false;
    const head = buf.subarray(0, end).toString('latin1');
    buf = buf.subarray(end + 4);
    if (!/^HTTP\/1\.1 101/.test(head)) {
      h.onError(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      finish(1006, 'upgrade refused');
      return false;
    }
    state = 'open';
    h.onOpen();
    return true;
  };
  const onFrame = (fin: boolean, opcode: number, payload: Buffer) => {
    switch (opcode) {
      case OP.ping:
        write(OP.pong, payload);
        return;
      case OP.pong:
        return;
      case OP.close:
        write(OP.close, payload.subarray(0, 2));
        finish(payload.length >= 2 ? payload.readUInt16BE(0) : 1005, payload.subarray(2).toString());
        return;
      case OP.continuation:
      case OP.text:
      case OP.binary:
        if (opcode !== OP.continuation) fragmentOp = opcode;
        if (fin && fragments.length === 0) return h.onMessage(payload);
        fragments.push(Buffer.from(payload));
        if (fin) {
          const whole = Buffer.concat(fragments);
          fragments = [];
          if (fragmentOp) h.onMessage(whole);
        }
        return;
      default:
        finish(1002, `unknown opcode ${opcode}`);
    }
  };
  const parse = () => {
    let off = 0;
    need = 0;
    while (state === 'open' && buf.length - off >= 2) {
      const b0 = buf[off];
      const b1 = buf[off + 1];
      let len = b1 & 0x7f;
      let p = off + 2;
      if (len === 126) {
        if (buf.length - p < 2) break;
        len = buf.readUInt16BE(p);
        p += 2;
      } else if (len === 127) {
        if (buf.length - p < 8) break;
        len = Number(buf.readBigUInt64BE(p));
        p += 8;
      }
      const masked = (b1 & 0x80) !== 0;
      if (buf.length - p < len + (masked ? 4 : 0)) {
        need = p + len + (masked ? 4 : 0) - off;
        break;
      }
      let payload: Buffer;
      if (masked) {
        const key = buf.subarray(p, p + 4);
        payload = Buffer.from(buf.subarray(p + 4, p + 4 + len));
        for (let i = 0; i < len; i++) payload[i] ^= key[i & 3];
        p += 4;
      } else {
        payload = buf.subarray(p, p + len);
      }
      off = p + len;
      onFrame((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    }
    // `buf` may be a view of the shared read buffer: keep a copy of an incomplete frame
    buf = off === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(off));
  };
  socket.on('connect', () => {
    socket.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
    );
  });
  const onData = (chunk: Buffer): void => {
    if (need > 0 && buf.length + waitingBytes + chunk.length < need) {
      waiting.push(Buffer.from(chunk));
      waitingBytes += chunk.length;
      return;
    }
    buf = buf.length === 0 && waiting.length === 0 ? chunk : Buffer.concat([buf, ...waiting, chunk]);
    waiting = [];
    waitingBytes = 0;
    if (state === 'handshake' && !handshake()) {
      buf = Buffer.from(buf);
      return;
    }
    parse();
  };
  socket.on('error', (err) => {
    h.onError(err);
    finish(1006, err.message);
  });
  socket.on('close', () => finish(1006, 'socket closed'));
  return {
    send: (payload) => write(OP.binary, payload),
    terminate: () => finish(1006, 'terminated'),
    extensions: ''
  };
}
