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
import { can } from '../../src/lib/roles/index.js';
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

function accessOf(role: BoardAccess['role']): Access {
  if (can(role, 'board:read-full') && can(role, 'board:write') && (role === 'moderator' || role === 'panelist'))
    return { kind: 'writer', role };
  return { kind: 'reader', role };
}

export function createYjsTransport(options: YjsTransportOptions): YjsTransport {
  const { access, registry, limits, logger } = options;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: limits.maxFrameBytes });
  const channels = new Map<DocRoom, DocChannel>();
  const sockets = new Set<WebSocket>();

  const track = (ws: WebSocket): void => {
    sockets.add(ws);
    ws.on('error', (err) => logger.debug({ err }, 'websocket error'));
    ws.once('close', () => sockets.delete(ws));
  };

  function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: CloseCodeValue, reason: string): void {
    wss.handleUpgrade(req, socket, head, (ws) => {
      track(ws);
      ws.close(code, reason);
    });
  }

  function channelFor(room: DocRoom, withAwareness: boolean): DocChannel {
    let channel = channels.get(room);
    if (!channel) channels.set(room, (channel = createDocChannel({ room, withAwareness, limits, logger: logger.child({ doc: room.name }) })));
    return channel;
  }

  function attach(ws: WebSocket, handle: BoardHandle, board: BoardAccess, device: string): void {
    track(ws);
    const conn = randomUUID();
    const mode = accessOf(board.role);
    const channel = channelFor(mode.kind === 'writer' ? handle.full : handle.public, mode.kind === 'writer');
    const peer: Peer = { id: conn, socket: ws, lagging: false, awarenessIds: new Set() };
    const log = logger.child({ board: handle.boardId, conn, role: board.role });
    const connection = createYjsConnection({ peer, channel, access: mode, participantKey: participantKey(handle.boardId, device), limits, logger: log });
    channel.add(peer);
    ws.on('message', (data) => connection.onMessage(data));
    ws.once('close', (code) => {
      log.debug({ code }, 'yjs connection closed');
      if (channel.remove(peer) === 0) {
        channel.destroy();
        channels.delete(channel.room);
      }
      handle.release();
    });
    channel.greet(peer);
    log.debug('yjs connection open');
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/yjs\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) return;
    socket.on('error', (err) => logger.debug({ err }, 'upgrade socket error'));
    const boardId = decodeURIComponent(match[1]);
    const result = isId(boardId) ? await access.forBoard(boardId, url.searchParams.get('token')) : ({ ok: false, reason: 'not-found' } as const);
    if (!result.ok) {
      logger.info({ board: boardId, reason: result.reason }, 'yjs connection refused');
      if (result.reason === 'not-found') return refuse(req, socket, head, CloseCode.NotFound, 'no such board');
      return refuse(req, socket, head, CloseCode.Unauthorized, 'invalid or missing token');
    }
    const handle = await registry.acquire(boardId);
    if (socket.destroyed) return handle.release();
    const device = url.searchParams.get('device');
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, handle, result.access, isDeviceId(device) ? device : newDeviceId()));
  }

  options.httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      logger.error({ err }, 'upgrade failed');
      socket.destroy();
    });
  });

  return {
    connectionCount: () => sockets.size,
    async close() {
      const closed = [...sockets].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(CloseCode.GoingAway, 'server shutting down');
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 1000).unref();
      }));
      await Promise.all(closed);
      wss.close();
    }
  };
}
