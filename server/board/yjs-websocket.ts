/**
 * The y-websocket endpoint: `GET /yjs/<boardId>?token=…&device=…` upgraded on the shared HTTP
 * server. Auth happens once, here: a bad or missing token is accepted and then closed with
 * 4401 (so browsers see the code), an unknown board with 4404. Moderator and panelist get the
 * full document; audience and projector the public projection, read-only.
 * `GET /yjs/<boardId>/queue` serves the board's queue document to moderators only, read-only
 * (every other role is closed with 4403); its only writers are the server's queue actions.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { isId } from '../../src/lib/board/ids.js';
import { newDeviceId, participantKey } from '../../src/lib/board/identity.js';
import type { DeviceIds } from '../events/devices.js';
import { CloseCode, type CloseCodeValue } from '../../src/lib/protocol/close-codes.js';
import { can, type Role } from '../../src/lib/roles/index.js';
import type { AccessResolver, BoardAccess } from '../events/resolver.js';
import { closeStale, type RevokedScope, type Revocations } from '../events/revocations.js';
import type { Limits } from '../app/limits.js';
import type { Metrics } from '../observability/metrics.js';
import { createClientIdOwners, type ClientIdOwners } from './client-ids.js';
import type { DocRoom } from '../sync/doc-room.js';
import type { BoardHandle, BoardRegistry } from '../sync/registry.js';
import { peerAddress, REFUSAL_MESSAGE, type AddressOf, createConnectionLimiter, type ConnectionLimiter } from '../limits/connection-limits.js';
import { createDocChannel, type DocChannel, type Peer } from '../sync/yjs-channel.js';
import { createYjsConnection, type Access } from './yjs-connection.js';

export const YJS_PATH = '/yjs';

export interface YjsTransport {
  connectionCount(): number;
  /** Closes every connection opened with `role`'s token of `eventId` with 4410; returns how many. */
  revoke(eventId: string, scope: RevokedScope, boardId?: string): number;
  /** Closes every connection with 1001 Going Away. */
  close(): Promise<void>;
}

export interface YjsTransportOptions {
  httpServer: Server;
  access: AccessResolver;
  registry: BoardRegistry;
  limits: Limits;
  logger: Logger;
  /** The client address of a request (TRUST_PROXY); defaults to the peer address. */
  addressOf?: AddressOf;
  /** Shared with socket.io; defaults to one of its own. */
  limiter?: ConnectionLimiter;
  /** Verifies the `device` parameter (server/events/devices.ts). */
  devices: DeviceIds;
  revocations?: Revocations;
  metrics?: Metrics;
}

interface Transport extends YjsTransportOptions {
  wss: WebSocketServer;
  limiter: ConnectionLimiter;
  channels: Map<DocRoom, DocChannel>;
  sockets: Set<WebSocket>;
  /** Which event and role each attached socket's token belongs to, for revocation. */
  grants: Map<WebSocket, { eventId: string; boardId: string; role: Role; token: string }>;
  /** Which participant owns which Yjs client id, per board (W8). */
  owners: ClientIdOwners;
}

function accessOf(role: Role): Access {
  if ((role === 'moderator' || role === 'panelist') && can(role, 'board:read-full') && can(role, 'board:write')) return { kind: 'writer', role };
  return { kind: 'reader', role };
}

/** Sockets that answered the last ping; the others are dead peers (half-open TCP) and dropped. */
const alive = new WeakSet<WebSocket>();

function track(t: Transport, ws: WebSocket): void {
  t.sockets.add(ws);
  alive.add(ws);
  ws.on('pong', () => alive.add(ws));
  ws.on('error', (err) => t.logger.debug({ err }, 'websocket error'));
  ws.once('close', () => t.sockets.delete(ws));
}

function heartbeat(t: Transport): NodeJS.Timeout {
  const timer = setInterval(() => {
    for (const ws of t.sockets) {
      if (!alive.has(ws)) {
        t.logger.info('websocket missed a ping interval: terminated');
        t.metrics?.rejected('dead-peer');
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, t.limits.pingIntervalMs);
  timer.unref();
  return timer;
}

function refuse(t: Transport, req: IncomingMessage, socket: Duplex, head: Buffer, code: CloseCodeValue, reason: string): void {
  t.metrics?.rejected(`yjs-close-${code}`);
  t.wss.handleUpgrade(req, socket, head, (ws) => {
    track(t, ws);
    ws.close(code, reason);
  });
}

function channelFor(t: Transport, room: DocRoom, withAwareness: boolean): DocChannel {
  let channel = t.channels.get(room);
  if (!channel) {
    const sent = t.metrics ? (frames: number) => t.metrics?.messageOut('yjs', frames) : undefined;
    channel = createDocChannel({ room, withAwareness, limits: t.limits, logger: t.logger.child({ doc: room.name }), onSend: sent });
    t.channels.set(room, channel);
  }
  return channel;
}

/** Which of a board's documents a `/yjs/…` path names. */
type DocTarget = 'board' | 'queue';

/** The document a connection gets and how: by role on the board; the queue read-only, for moderators. */
function routeFor(target: DocTarget, handle: BoardHandle, role: Role): { room: DocRoom; mode: Access } {
  if (target === 'queue') return { room: handle.queue, mode: { kind: 'reader', role } };
  const mode = accessOf(role);
  return { room: mode.kind === 'writer' ? handle.full : handle.public, mode };
}

function attach(t: Transport, ws: WebSocket, handle: BoardHandle, board: BoardAccess, token: string, device: string, target: DocTarget): void {
  track(t, ws);
  const conn = randomUUID();
  const { room, mode } = routeFor(target, handle, board.role);
  const channel = channelFor(t, room, mode.kind === 'writer');
  const peer: Peer = { id: conn, socket: ws, lagging: false, awarenessIds: new Set() };
  const logger = t.logger.child({ board: handle.boardId, conn, role: board.role });
  const key = participantKey(handle.boardId, device);
  const connection = createYjsConnection({
    peer,
    channel,
    access: mode,
    participantKey: key,
    boardId: handle.boardId,
    owners: t.owners,
    limits: t.limits,
    logger,
    onReject: (reason) => t.metrics?.rejected(reason)
  });
  channel.add(peer);
  t.grants.set(ws, { eventId: board.event.id, boardId: handle.boardId, role: board.role, token });
  t.metrics?.connectionOpened('yjs', board.role);
  ws.on('message', (data, isBinary) => {
    t.metrics?.messageIn('yjs');
    connection.onMessage(data, isBinary);
  });
  ws.once('close', (code) => {
    logger.debug({ code }, 'yjs connection closed');
    t.grants.delete(ws);
    t.metrics?.connectionClosed('yjs', board.role);
    if (channel.remove(peer) === 0) {
      channel.destroy();
      t.channels.delete(channel.room);
    }
    handle.release();
  });
  channel.greet(peer);
  logger.debug('yjs connection open');
}

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
};

async function onUpgrade(t: Transport, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== YJS_PATH && !url.pathname.startsWith(`${YJS_PATH}/`)) {
    // socket.io and Vite's HMR upgrade themselves (ws clears the socket timeout when it takes a
    // socket); an upgrade nobody claims would otherwise stay open forever.
    if (socket instanceof Socket) socket.setTimeout(t.limits.headersTimeoutMs, () => socket.destroy());
    return;
  }
  socket.on('error', (err) => t.logger.debug({ err }, 'upgrade socket error'));
  const match = /^\/yjs\/([^/]+)(\/queue)?\/?$/.exec(url.pathname);
  const boardId = match ? safeDecode(match[1]) : '';
  const target: DocTarget = match?.[2] ? 'queue' : 'board';
  const token = url.searchParams.get('token') ?? '';
  const result = isId(boardId) ? await t.access.forBoard(boardId, token) : ({ ok: false, reason: 'not-found' } as const);
  // Only an identity the server issued is one (server/events/devices.ts); any other gets a
  // throwaway identity that owns nothing (readers need none; a writer cannot claim cards with it).
  const presented = url.searchParams.get('device');
  const device = presented !== null && (await t.devices.verify(presented).catch(() => false)) ? presented : newDeviceId();
  if (!result.ok) {
    t.logger.info({ board: boardId, reason: result.reason }, 'yjs connection refused');
    if (result.reason === 'not-found') return refuse(t, req, socket, head, CloseCode.NotFound, 'no such board');
    return refuse(t, req, socket, head, CloseCode.Unauthorized, 'invalid or missing token');
  }
  if (target === 'queue' && !can(result.access.role, 'moderate')) {
    t.logger.info({ board: boardId, role: result.access.role }, 'queue connection refused: moderators only');
    return refuse(t, req, socket, head, CloseCode.Forbidden, 'the queue is for the moderator only');
  }
  const admitted = await t.limiter.admit({ boardId, address: (t.addressOf ?? peerAddress)(req), role: result.access.role });
  if (!admitted.ok) {
    t.logger.warn({ board: boardId, role: result.access.role, reason: admitted.reason }, 'yjs connection refused: connection limit');
    t.metrics?.rejected(`connection-${admitted.reason}`);
    return refuse(t, req, socket, head, CloseCode.RateLimited, REFUSAL_MESSAGE[admitted.reason]);
  }
  if (socket.destroyed) return admitted.release();
  const handle = await t.registry.acquire(boardId).catch((err: unknown) => {
    admitted.release();
    throw err;
  });
  if (socket.destroyed) {
    admitted.release();
    return handle.release();
  }
  socket.once('close', admitted.release); // also when the upgrade never completes
  t.wss.handleUpgrade(req, socket, head, (ws) => attach(t, ws, handle, result.access, token, device, target));
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
  const limiter = options.limiter ?? createConnectionLimiter({ limits: options.limits });
  const t: Transport = { ...options, wss, limiter, channels: new Map(), sockets: new Set(), grants: new Map(), owners: createClientIdOwners() };
  const revoke = (eventId: string, scope: RevokedScope, boardId?: string): number => {
    let closed = 0;
    for (const [ws, grant] of t.grants)
      if (grant.eventId === eventId && (scope === 'event' || grant.role === scope) && (boardId === undefined || grant.boardId === boardId)) {
        closed += 1;
        if (scope === 'event') ws.close(CloseCode.EventDeleted, 'event deleted');
        else ws.close(CloseCode.TokenRevoked, 'token revoked');
      }
    if (closed > 0) t.logger.info({ event: eventId, board: boardId, scope, closed }, scope === 'event' ? 'event deleted: websockets closed' : 'revoked token: websockets closed');
    return closed;
  };
  const unsubscribe = options.revocations?.subscribe(revoke);
  const stopRecheck = options.revocations?.onRecheck(() => {
    const live = [...t.grants].map(([ws, g]) => ({ boardId: g.boardId, token: g.token, close: () => ws.close(CloseCode.TokenRevoked, 'token revoked') }));
    closeStale(t.access, live)
      .then((closed) => closed > 0 && t.logger.info({ closed }, 'tokens rechecked after a bus outage: revoked websockets closed'))
      .catch((err: unknown) => t.logger.warn({ err }, 'token recheck failed'));
  });
  const pinger = heartbeat(t);
  options.httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(t, req, socket, head).catch((err: unknown) => {
      t.logger.error({ err }, 'upgrade failed');
      socket.destroy();
    });
  });
  return {
    connectionCount: () => t.sockets.size,
    revoke,
    async close() {
      unsubscribe?.();
      stopRecheck?.();
      clearInterval(pinger);
      await Promise.all([...t.sockets].map(closeSocket));
      wss.close();
    }
  };
}
