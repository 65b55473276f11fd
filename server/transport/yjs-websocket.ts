/**
 * The y-websocket endpoint: `GET /yjs/<boardId>?token=…&device=…` upgraded on the shared HTTP
 * server. Auth happens once, here: a bad or missing token is accepted and then closed with
 * 4401 (so browsers see the code), an unknown board with 4404. Moderator and panelist get the
 * full document; audience and projector the public projection, read-only.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { isId } from '../../src/lib/board/ids.js';
import { isDeviceId, newDeviceId, participantKey } from '../../src/lib/board/identity.js';
import { CloseCode, type CloseCodeValue } from '../../src/lib/protocol/close-codes.js';
import { can, type Role } from '../../src/lib/roles/index.js';
import type { AccessResolver, BoardAccess } from '../auth/resolver.js';
import type { Limits } from '../config.js';
import type { DocRoom } from '../rooms/doc-room.js';
import type { BoardHandle, BoardRegistry } from '../rooms/registry.js';
import { createDocChannel, type DocChannel, type Peer } from './yjs-channel.js';
import { createYjsConnection, type Access } from './yjs-connection.js';

export const YJS_PATH = '/yjs';

export interface YjsTransport {
  connectionCount(): number;
  /** Closes every connection with 1001 Going Away. */
  close(): Promise<void>;
}

export interface YjsTransportOptions {
  httpServer: Server;
  access: AccessResolver;
  registry: BoardRegistry;
  limits: Limits;
  logger: Logger;
}

interface Transport extends YjsTransportOptions {
  wss: WebSocketServer;
  channels: Map<DocRoom, DocChannel>;
  sockets: Set<WebSocket>;
}

function accessOf(role: Role): Access {
  if ((role === 'moderator' || role === 'panelist') && can(role, 'board:read-full') && can(role, 'board:write')) return { kind: 'writer', role };
  return { kind: 'reader', role };
}

function track(t: Transport, ws: WebSocket): void {
  t.sockets.add(ws);
  ws.on('error', (err) => t.logger.debug({ err }, 'websocket error'));
  ws.once('close', () => t.sockets.delete(ws));
}

function refuse(t: Transport, req: IncomingMessage, socket: Duplex, head: Buffer, code: CloseCodeValue, reason: string): void {
  t.wss.handleUpgrade(req, socket, head, (ws) => {
    track(t, ws);
    ws.close(code, reason);
  });
}

function channelFor(t: Transport, room: DocRoom, withAwareness: boolean): DocChannel {
  let channel = t.channels.get(room);
  if (!channel) {
    channel = createDocChannel({ room, withAwareness, limits: t.limits, logger: t.logger.child({ doc: room.name }) });
    t.channels.set(room, channel);
  }
  return channel;
}

function attach(t: Transport, ws: WebSocket, handle: BoardHandle, board: BoardAccess, device: string): void {
  track(t, ws);
  const conn = randomUUID();
  const mode = accessOf(board.role);
  const channel = channelFor(t, mode.kind === 'writer' ? handle.full : handle.public, mode.kind === 'writer');
  const peer: Peer = { id: conn, socket: ws, lagging: false, awarenessIds: new Set() };
  const logger = t.logger.child({ board: handle.boardId, conn, role: board.role });
  const key = participantKey(handle.boardId, device);
  const connection = createYjsConnection({ peer, channel, access: mode, participantKey: key, limits: t.limits, logger });
  channel.add(peer);
  ws.on('message', (data) => connection.onMessage(data));
  ws.once('close', (code) => {
    logger.debug({ code }, 'yjs connection closed');
    if (channel.remove(peer) === 0) {
      channel.destroy();
      t.channels.delete(channel.room);
    }
    handle.release();
  });
  channel.greet(peer);
  logger.debug('yjs connection open');
}

async function onUpgrade(t: Transport, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== YJS_PATH && !url.pathname.startsWith(`${YJS_PATH}/`)) return; // socket.io and Vite's HMR upgrade themselves
  socket.on('error', (err) => t.logger.debug({ err }, 'upgrade socket error'));
  const match = /^\/yjs\/([^/]+)\/?$/.exec(url.pathname);
  const boardId = match ? decodeURIComponent(match[1]) : '';
  const result = isId(boardId) ? await t.access.forBoard(boardId, url.searchParams.get('token')) : ({ ok: false, reason: 'not-found' } as const);
  if (!result.ok) {
    t.logger.info({ board: boardId, reason: result.reason }, 'yjs connection refused');
    if (result.reason === 'not-found') return refuse(t, req, socket, head, CloseCode.NotFound, 'no such board');
    return refuse(t, req, socket, head, CloseCode.Unauthorized, 'invalid or missing token');
  }
  const handle = await t.registry.acquire(boardId);
  if (socket.destroyed) return handle.release();
  const device = url.searchParams.get('device');
  t.wss.handleUpgrade(req, socket, head, (ws) => attach(t, ws, handle, result.access, isDeviceId(device) ? device : newDeviceId()));
}

function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.close(CloseCode.GoingAway, 'server shutting down');
    setTimeout(() => {
      ws.terminate();
      resolve();
    }, 1000).unref();
  });
}

export function createYjsTransport(options: YjsTransportOptions): YjsTransport {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: options.limits.maxFrameBytes });
  const t: Transport = { ...options, wss, channels: new Map(), sockets: new Set() };
  options.httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(t, req, socket, head).catch((err: unknown) => {
      t.logger.error({ err }, 'upgrade failed');
      socket.destroy();
    });
  });
  return {
    connectionCount: () => t.sockets.size,
    async close() {
      await Promise.all([...t.sockets].map(closeSocket));
      wss.close();
    }
  };
}
