/**
 * socket.io on the shared HTTP server (path /socket.io): validated actions and presence.
 * `io.use` is the one auth checkpoint; the role is fixed there, at the handshake.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import * as v from 'valibot';
import { participantKey } from '../../src/lib/board/identity.js';
import type { AckResult, ErrorReason } from '../../src/lib/protocol/errors.js';
import type { ActionName, ClientToServerEvents, PresenceCounts, ServerToClientEvents } from '../../src/lib/protocol/events.js';
import { Handshake } from '../../src/lib/protocol/schemas.js';
import { ROLES, type Role } from '../../src/lib/roles/index.js';
import { ACTION_NAMES, ACTIONS, isActionName } from '../actions/index.js';
import type { AccessResolver } from '../auth/resolver.js';
import type { Limits } from '../config.js';
import type { BoardHandle, BoardRegistry } from '../rooms/registry.js';

export interface SocketData {
  boardId: string;
  role: Role;
  participantKey: string;
  connectionId: string;
  handle: Promise<BoardHandle>;
}

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
/** Action names are dynamic here; ActionMap still types each handler's payload and ack. */
type LooseSocket = { on(event: string, listener: (...args: unknown[]) => void): void };

export interface SocketIoTransport {
  io: IoServer;
  close(): Promise<void>;
}

export interface SocketIoOptions {
  httpServer: HttpServer;
  access: AccessResolver;
  registry: BoardRegistry;
  limits: Limits;
  logger: Logger;
}

const PRESENCE_INTERVAL_MS = 250;

export const boardRoom = (boardId: string): string => `board:${boardId}`;
export const roleRoom = (boardId: string, role: Role): string => `board:${boardId}:${role}`;

function handshakeError(reason: ErrorReason, message: string): Error {
  return Object.assign(new Error(message), { data: { reason } });
}

function splitArgs(args: unknown[]): { input: unknown; ack: ((result: AckResult<unknown>) => void) | null } {
  const last = args.at(-1);
  if (typeof last === 'function') return { input: args.length > 1 ? args[0] : undefined, ack: last as (r: AckResult<unknown>) => void };
  return { input: args[0], ack: null };
}

export function createSocketIo(options: SocketIoOptions): SocketIoTransport {
  const { access, registry, logger } = options;
  const io: IoServer = new Server(options.httpServer, {
    path: '/socket.io',
    perMessageDeflate: false,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: options.limits.maxBodyBytes
  });

  io.use((socket, next) => {
    const parsed = v.safeParse(Handshake, socket.handshake.auth);
    if (!parsed.success) return next(handshakeError('unauthorized', 'Invalid handshake: token, boardId and deviceId are required'));
    const { boardId, token, deviceId } = parsed.output;
    access
      .forBoard(boardId, token)
      .then((result) => {
        if (!result.ok) return next(handshakeError(result.reason, result.reason === 'not-found' ? 'No such board' : 'Invalid token'));
        const handle = registry.acquire(boardId);
        handle.catch((err: unknown) => logger.error({ err, board: boardId }, 'board load failed'));
        socket.data = { boardId, role: result.access.role, participantKey: participantKey(boardId, deviceId), connectionId: randomUUID(), handle };
        next();
      })
      .catch((err: unknown) => {
        logger.error({ err, board: boardId }, 'handshake failed');
        next(handshakeError('internal', 'Internal error'));
      });
  });

  function presence(boardId: string): PresenceCounts {
    const rooms = io.of('/').adapter.rooms;
    const counts = {} as PresenceCounts;
    for (const role of ROLES) counts[role] = rooms.get(roleRoom(boardId, role))?.size ?? 0;
    return counts;
  }

  // Coalesced per board: a thousand phones joining must not cost a million presence messages.
  const pendingPresence = new Map<string, NodeJS.Timeout>();
  function announcePresence(boardId: string): void {
    if (pendingPresence.has(boardId)) return;
    const timer = setTimeout(() => {
      pendingPresence.delete(boardId);
      io.to(boardRoom(boardId)).emit('presence', presence(boardId));
    }, PRESENCE_INTERVAL_MS);
    pendingPresence.set(boardId, timer);
  }

  async function dispatch(socket: IoSocket, name: ActionName, args: unknown[]): Promise<void> {
    const { input, ack } = splitArgs(args);
    const { boardId, role, participantKey: key, connectionId } = socket.data;
    let result: AckResult<unknown>;
    try {
      const handle = await socket.data.handle;
      result = ACTIONS[name].execute({ name, doc: handle.full.doc, boardId, role, participantKey: key, connectionId }, input);
    } catch (err) {
      logger.error({ err, board: boardId, conn: connectionId, action: name }, 'action failed');
      result = { ok: false, reason: 'internal', message: 'Internal error' };
    }
    if (!result.ok) logger.debug({ board: boardId, conn: connectionId, action: name, reason: result.reason }, 'action refused');
    ack?.(result);
  }

  io.on('connection', (socket) => {
    const { boardId, role, connectionId } = socket.data;
    const loose = socket as unknown as LooseSocket;
    for (const name of ACTION_NAMES) loose.on(name, (...args) => void dispatch(socket, name, args));
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (isActionName(event)) return;
      const { ack } = splitArgs(args);
      ack?.({ ok: false, reason: 'unknown-event', message: `Unknown event ${String(event).slice(0, 64)}` });
    });
    socket.on('error', (err) => logger.debug({ err, conn: connectionId }, 'socket error'));
    socket.on('disconnect', () => {
      socket.data.handle.then((h) => h.release(), () => undefined);
      announcePresence(boardId);
    });
    socket.join([boardRoom(boardId), roleRoom(boardId, role)]);
    announcePresence(boardId);
    logger.debug({ board: boardId, conn: connectionId, role }, 'socket.io connected');
  });

  return {
    io,
    async close() {
      for (const timer of pendingPresence.values()) clearTimeout(timer);
      io.emit('notice', { reason: 'shutting-down', message: 'The server is restarting' });
      io.disconnectSockets(true);
      // The HTTP server is closed by its owner (main.ts), not by io.close().
      io.engine.close();
    }
  };
}
