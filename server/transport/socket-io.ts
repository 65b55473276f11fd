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
import type { ErrorReason } from '../../src/lib/protocol/errors.js';
import type { ClientToServerEvents, PresenceCounts, ServerToClientEvents } from '../../src/lib/protocol/events.js';
import { Handshake } from '../../src/lib/protocol/schemas.js';
import { ROLES, type Role } from '../../src/lib/roles/index.js';
import { ACTION_NAMES, isActionName } from '../actions/index.js';
import type { AccessResolver } from '../auth/resolver.js';
import type { Limits } from '../config.js';
import type { BoardRegistry } from '../rooms/registry.js';
import { dispatchAction, splitArgs, type SocketSession } from './socket-dispatch.js';

type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketSession>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketSession>;
/** Action names are dynamic here; ActionMap still types each action's payload and ack. */
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

/** The one auth checkpoint: validates the handshake, resolves the role, loads the board. */
function authenticate(options: SocketIoOptions) {
  return (socket: IoSocket, next: (err?: Error) => void): void => {
    const parsed = v.safeParse(Handshake, socket.handshake.auth);
    if (!parsed.success) return next(handshakeError('unauthorized', 'Invalid handshake: token, boardId and deviceId are required'));
    const { boardId, token, deviceId } = parsed.output;
    options.access
      .forBoard(boardId, token)
      .then((result) => {
        if (!result.ok) return next(handshakeError(result.reason, result.reason === 'not-found' ? 'No such board' : 'Invalid token'));
        const role = result.access.role;
        // The board is acquired on connection (released on disconnect), not here: a handshake
        // that never completes must not keep a board loaded.
        socket.data = { boardId, role, participantKey: participantKey(boardId, deviceId), connectionId: randomUUID(), handle: null, recent: [] };
        next();
      })
      .catch((err: unknown) => {
        options.logger.error({ err, board: boardId }, 'handshake failed');
        next(handshakeError('internal', 'Internal error'));
      });
  };
}

/** Presence per board, coalesced: a thousand phones joining must not cost a million messages. */
function createPresence(io: IoServer) {
  const pending = new Map<string, NodeJS.Timeout>();
  const counts = (boardId: string): PresenceCounts => {
    const rooms = io.of('/').adapter.rooms;
    const result = {} as PresenceCounts;
    for (const role of ROLES) result[role] = rooms.get(roleRoom(boardId, role))?.size ?? 0;
    return result;
  };
  return {
    announce(boardId: string): void {
      if (pending.has(boardId)) return;
      const timer = setTimeout(() => {
        pending.delete(boardId);
        io.to(boardRoom(boardId)).emit('presence', counts(boardId));
      }, PRESENCE_INTERVAL_MS);
      pending.set(boardId, timer);
    },
    stop(): void {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    }
  };
}

function onConnection(socket: IoSocket, registry: BoardRegistry, presence: ReturnType<typeof createPresence>, logger: Logger): void {
  const session = socket.data;
  const handle = registry.acquire(session.boardId);
  handle.catch((err: unknown) => logger.error({ err, board: session.boardId }, 'board load failed'));
  session.handle = handle;
  const loose = socket as unknown as LooseSocket;
  for (const name of ACTION_NAMES) loose.on(name, (...args) => void dispatchAction(session, name, args, logger));
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (isActionName(event)) return;
    splitArgs(args).ack?.({ ok: false, reason: 'unknown-event', message: `Unknown event ${String(event).slice(0, 64)}` });
  });
  socket.on('error', (err) => logger.debug({ err, conn: session.connectionId }, 'socket error'));
  socket.on('disconnect', () => {
    handle.then((h) => h.release(), () => undefined);
    presence.announce(session.boardId);
  });
  socket.join([boardRoom(session.boardId), roleRoom(session.boardId, session.role)]);
  presence.announce(session.boardId);
  logger.debug({ board: session.boardId, conn: session.connectionId, role: session.role }, 'socket.io connected');
}

export function createSocketIo(options: SocketIoOptions): SocketIoTransport {
  const io: IoServer = new Server(options.httpServer, {
    path: '/socket.io',
    perMessageDeflate: false,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: options.limits.maxBodyBytes
  });
  const presence = createPresence(io);
  io.use(authenticate(options));
  io.on('connection', (socket) => onConnection(socket, options.registry, presence, options.logger));
  return {
    io,
    async close() {
      presence.stop();
      io.emit('notice', { reason: 'shutting-down', message: 'The server is restarting' });
      io.disconnectSockets(true);
      // The HTTP server is closed by its owner (main.ts), not by io.close().
      io.engine.close();
    }
  };
}
