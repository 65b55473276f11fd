/**
 * Clients of a venue, bound to a chosen loopback address (`localAddress`), talking to the board
 * through the reverse proxy the way the browser does: a phone asks /api/join for its board, then
 * opens Yjs (y-websocket protocol, audience token) and socket.io (websocket transport only).
 */
import { request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { WebSocket, type ClientOptions } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { JoinResult } from '../../src/lib/protocol/api.js';
import { openRaw, type RawClient } from '../../support/yjs-clients.js';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request from `localAddress`, on a fresh connection (no pooling across addresses); `json` or raw `body`. */
export function httpFrom(localAddress: string, url: string, init: { method?: string; json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const payload = init.json === undefined ? init.body : Buffer.from(JSON.stringify(init.json));
  const headers: Record<string, string | number> = {
    ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
    ...(payload ? { 'content-length': payload.byteLength } : {}),
    ...init.headers
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', localAddress, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** socket.io as the browser opens it (websocket only), from `localAddress`. */
export function socketFrom(localAddress: string, url: string, auth: Record<string, unknown>): Promise<Socket> {
  // engine.io-client hands `localAddress` to `ws` in Node; its option type does not list it.
  const options = { auth, transports: ['websocket'], reconnection: false, forceNew: true, localAddress } as Parameters<typeof io>[1];
  const socket = io(url, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new Error(`socket.io from ${localAddress} refused: ${err.message}`));
    });
  });
}

/** A `ws` class whose connections leave from `localAddress`, for y-websocket's WebSocketPolyfill. */
export function webSocketFrom(localAddress: string): typeof globalThis.WebSocket {
  class BoundWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[], options?: ClientOptions) {
      super(url, protocols, { ...options, localAddress });
    }
  }
  return BoundWebSocket as unknown as typeof globalThis.WebSocket;
}

/** A y-websocket provider (what the panelist's and moderator's browsers run) from `localAddress`. */
export function providerFrom(localAddress: string, wsUrl: string, boardId: string, token: string, deviceId: string): { doc: Y.Doc; provider: WebsocketProvider; deviceId: string } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, boardId, doc, {
    params: { token, device: deviceId },
    WebSocketPolyfill: webSocketFrom(localAddress),
    disableBc: true,
    // A refused client must show as refused, not retry behind the test's back.
    maxBackoffTime: 60_000
  });
  return { doc, provider, deviceId };
}

export interface Phone {
  address: string;
  yjs: RawClient;
  socket: Socket;
  /** The close code of the Yjs socket, once it closed. */
  yjsClosed: number | null;
  close(): void;
}

/** A device identity from the server (POST /api/device), as the browser gets one before it connects. */
export async function deviceFrom(localAddress: string, proxyUrl: string): Promise<string> {
  const answer = await httpFrom(localAddress, `${proxyUrl}/api/device`, { method: 'POST', json: {} });
  if (answer.status !== 201) throw new Error(`device from ${localAddress}: HTTP ${answer.status} ${answer.body}`);
  return (JSON.parse(answer.body) as { deviceId: string }).deviceId;
}

/** A phone: joins by code, then Yjs (raw y-websocket client) and socket.io, both from `address`. */
export async function joinPhone(address: string, proxyUrl: string, joinCode: string): Promise<Phone> {
  const answer = await httpFrom(address, `${proxyUrl}/api/join/${joinCode}`);
  if (answer.status !== 200) throw new Error(`join from ${address}: HTTP ${answer.status} ${answer.body}`);
  const joined = JSON.parse(answer.body) as JoinResult;
  const token = new URL(joined.url).searchParams.get('t') ?? '';
  const deviceId = await deviceFrom(address, proxyUrl);
  const yjs = openRaw(proxyUrl.replace(/^http/, 'ws'), joined.boardId, token, deviceId, { localAddress: address });
  const phone: Phone = { address, yjs, socket: undefined as unknown as Socket, yjsClosed: null, close: () => undefined };
  void yjs.closed.then(({ code }) => (phone.yjsClosed = code));
  try {
    phone.socket = await socketFrom(address, proxyUrl, { token, boardId: joined.boardId, deviceId });
  } catch (err) {
    yjs.close();
    throw err;
  }
  phone.close = () => {
    phone.socket.close();
    yjs.close();
  };
  return phone;
}
