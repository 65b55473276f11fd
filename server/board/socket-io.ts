/**
 * socket.io on the shared HTTP server (path /socket.io): validated actions and presence.
 * `io.use` is the one auth checkpoint; the role is fixed there, at the handshake.
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import * as v from 'valibot';
import { participantKey, submitterKey, voterKey } from '../../src/lib/board/identity.js';
import type { ErrorReason } from '../../src/lib/protocol/errors.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/protocol/events.js';
import { Handshake } from '../../src/lib/protocol/schemas.js';
import { ACTION_NAMES, isActionName } from './actions/index.js';
import type { Notifier } from './actions/action.js';
import { createAnswerSlots } from './actions/answer-slots.js';
import { createQuotas } from './actions/quotas.js';
import { createReactionAggregator, type ReactionAggregator } from './reactions.js';
import type { DeviceIds } from '../events/devices.js';
import type { AccessResolver } from '../events/resolver.js';
import { createMemoryRateLimiters, createTokenBucket, perSecond, type RateLimiters } from '../limits/rate-limiter.js';
import { addressKey } from '../limits/address.js';
import { closeStale, type RevokedScope, type Revocations } from '../events/revocations.js';
import type { Limits } from '../app/limits.js';
import type { CheckpointRedactor } from '../outputs/history/redaction.js';
import type { Metrics } from '../observability/metrics.js';
import { peerAddress, REFUSAL_MESSAGE, type AddressOf, createConnectionLimiter, type ConnectionLimiter } from '../limits/connection-limits.js';
import type { BoardRegistry } from '../sync/registry.js';
import type { ParticipationRecorder } from '../outputs/participation/recorder.js';
import { boardRoom, createPresence, roleRoom, type Presence } from './presence.js';
import { attachRedisAdapter } from './socket-io-redis.js';
import { dispatchAction, splitArgs, type DispatchServices, type SocketSession } from './socket-dispatch.js';

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
  /** Rewrites the boards' history checkpoints, for actions that erase (redaction, withdrawal). */
  checkpoints: CheckpointRedactor;
  limits: Limits;
  logger: Logger;
  /** The client address of a request (TRUST_PROXY); defaults to the peer address. */
  addressOf?: AddressOf;
  /** Shared with the websocket transport; defaults to one of its own. */
  limiter?: ConnectionLimiter;
  /** Verifies the device identities handshakes present (server/events/devices.ts). */
  devices: DeviceIds;
  /** Named rate limits: the participants' quotas (Redis in scale-out). */
  limiters: RateLimiters;
  revocations?: Revocations;
  metrics?: Metrics;
  /** Counts participation (peak audience, phones that joined, reactions and ballots over time). */
  participation?: ParticipationRecorder;
  /** Scale-out: join the instances' socket.io rooms through Redis. */
  redis?: { url: string; prefix: string; clientName?: string } | null;
}

export { boardRoom, roleRoom };

/** The room of one participant's sockets on a board, named by their submitter key (never a device id). */
export const participantRoom = (boardId: string, key: string): string => `board:${boardId}:p:${key}`;

function createNotifier(io: IoServer, reactions: ReactionAggregator): Notifier {
  return {
    submission: (boardId, key, view) => void io.to(participantRoom(boardId, key)).emit('submission', view),
    reactions: (boardId, burst) => reactions.add(boardId, burst)
  };
}

function handshakeError(reason: ErrorReason, message: string, retryAfterMs?: number): Error {
  return Object.assign(new Error(message), { data: retryAfterMs === undefined ? { reason } : { reason, retryAfterMs } });
}

type Services = SocketIoOptions & { limiter: ConnectionLimiter; addressOf: AddressOf; pendingOf: WeakMap<object, () => void> };

/**
 * A refused handshake also closes the engine connection (once the error is written: socket.io
 * writes it on the next tick), so a client cannot keep retrying the namespace join on one socket.
 */
function refuseHandshake(socket: IoSocket, next: (err?: Error) => void, err: Error): void {
  next(err);
  setImmediate(() => socket.conn.close());
}

/** The one auth checkpoint: validates the handshake, resolves the role, counts the connection. */
function authenticate(options: Services) {
  return (socket: IoSocket, next: (err?: Error) => void): void => {
    const parsed = v.safeParse(Handshake, socket.handshake.auth);
    if (!parsed.success) return refuseHandshake(socket, next, handshakeError('unauthorized', 'Invalid handshake: token, boardId and deviceId are required'));
    const { boardId, token, deviceId } = parsed.output;
    Promise.all([options.access.forBoard(boardId, token), options.devices.verify(deviceId)])
      .then(async ([result, trusted]) => {
        if (!result.ok) return refuseHandshake(socket, next, handshakeError(result.reason, result.reason === 'not-found' ? 'No such board' : 'Invalid token'));
        // Votes, ballots and quotas count per device: only an identity the server issued counts.
        if (!trusted) {
          options.metrics?.rejected('socket-io-device-invalid');
          return refuseHandshake(socket, next, handshakeError('device-invalid', 'Unknown device identity: get one from POST /api/device'));
        }
        const role = result.access.role;
        const admitted = await options.limiter.admit({ boardId, address: options.addressOf(socket.request), role });
        if (!admitted.ok) {
          options.metrics?.rejected(`connection-${admitted.reason}`);
          options.logger.warn({ board: boardId, role, reason: admitted.reason }, 'socket.io connection refused: connection limit');
          return refuseHandshake(socket, next, handshakeError('rate-limited', REFUSAL_MESSAGE[admitted.reason], admitted.retryAfterMs));
        }
        if (socket.conn.readyState !== 'open') return admitted.release();
        // Counted as authenticated from here on, no longer as pending.
        options.pendingOf.get(socket.conn)?.();
        // A socket that fails after the handshake never reaches `connection`; free its slot too.
        socket.conn.once('close', admitted.release);
        // The board is acquired on connection (released on disconnect), not here: a handshake
        // that never completes must not keep a board loaded.
        socket.data = {
          boardId,
          role,
          participantKey: participantKey(boardId, deviceId),
          voterKey: voterKey(boardId, deviceId),
          connectionId: randomUUID(),
          handle: null,
          actionBudget: createTokenBucket(perSecond(options.limits.actionsPerSecond)),
          eventId: result.access.event.id,
          token,
          releaseSlot: admitted.release
        };
        next();
      })
      .catch((err: unknown) => {
        options.logger.error({ err, board: boardId }, 'handshake failed');
        next(handshakeError('internal', 'Internal error'));
      });
  };
}

/**
 * Until it authenticates, an engine connection is pending: counted per address (the oldest
 * evicted past the cap) and closed by socket.io's `connectTimeout` if it never joins.
 */
function trackPending(io: IoServer, options: Services): void {
  io.engine.on('connection', (conn: { request: IncomingMessage; close(): void; once(event: 'close', fn: () => void): void }) => {
    const done = options.limiter.pending(options.addressOf(conn.request), () => {
      options.metrics?.rejected('socket-io-pending-evicted');
      conn.close();
    });
    options.pendingOf.set(conn, done);
    conn.once('close', done);
  });
}

function onConnection(socket: IoSocket, registry: BoardRegistry, presence: Presence, services: DispatchServices): void {
  const { logger } = services;
  const session = socket.data;
  const handle = registry.acquire(session.boardId);
  handle.catch((err: unknown) => logger.error({ err, board: session.boardId }, 'board load failed'));
  session.handle = handle;
  const loose = socket as unknown as LooseSocket;
  for (const name of ACTION_NAMES) loose.on(name, (...args) => void dispatchAction(session, name, args, services));
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (isActionName(event)) return;
    splitArgs(args).ack?.({ ok: false, reason: 'unknown-event', message: `Unknown event ${String(event).slice(0, 64)}` });
  });
  socket.on('error', (err) => logger.debug({ err, conn: session.connectionId }, 'socket error'));
  socket.on('disconnect', () => {
    session.releaseSlot();
    handle.then(
      (h) => h.release(),
      () => undefined
    );
    presence.announce(session.boardId);
  });
  socket.join([boardRoom(session.boardId), roleRoom(session.boardId, session.role), participantRoom(session.boardId, submitterKey(session.participantKey))]);
  presence.announce(session.boardId);
  logger.debug({ board: session.boardId, conn: session.connectionId, role: session.role }, 'socket.io connected');
}

function revokeSocket(socket: IoSocket, deleted = false): void {
  if (deleted) socket.emit('notice', { reason: 'event-deleted', message: 'This event was deleted; nothing of it is kept' });
  else socket.emit('notice', { reason: 'token-revoked', message: 'This link was replaced by the moderator' });
  socket.disconnect(true);
}

/** Old links stop working live: sockets opened with a rotated token (or of a deleted event) get a notice, then are dropped. */
function revokeSockets(io: IoServer, eventId: string, scope: RevokedScope, boardId: string | undefined, logger: Logger): void {
  let closed = 0;
  for (const socket of io.of('/').sockets.values()) {
    if (socket.data.eventId !== eventId || (scope !== 'event' && socket.data.role !== scope)) continue;
    if (boardId !== undefined && socket.data.boardId !== boardId) continue;
    closed += 1;
    revokeSocket(socket, scope === 'event');
  }
  if (closed > 0) logger.info({ event: eventId, board: boardId, scope, closed }, scope === 'event' ? 'event deleted: sockets disconnected' : 'revoked token: sockets disconnected');
}

/**
 * New engine connections (socket.io's transport handshakes, before any auth) per address: the
 * same burst and rate as new audience connections, in a bucket of their own. Without it a script
 * could open thousands a second, each held until `connectTimeout`, and push honest phones'
 * waiting handshakes out of the per-address pending cap.
 */
function engineRate(options: SocketIoOptions & { addressOf: AddressOf }) {
  const { connectionBurstPerIp, connectionsPerSecondPerIp } = options.limits;
  const bucket = (options.limiters ?? createMemoryRateLimiters()).limiter('engine-connections', { capacity: connectionBurstPerIp, perSecond: connectionsPerSecondPerIp });
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    bucket.take(addressKey(options.addressOf(req))).then(
      (verdict) => {
        if (verdict.ok) return callback(null, true);
        options.metrics?.rejected('socket-io-engine-rate');
        callback('too many new connections from this address', false);
      },
      () => callback(null, true)
    );
  };
}

export function createSocketIo(options: SocketIoOptions): SocketIoTransport {
  const addressOf = options.addressOf ?? peerAddress;
  const io: IoServer = new Server(options.httpServer, {
    allowRequest: engineRate({ ...options, addressOf }),
    path: '/socket.io',
    perMessageDeflate: false,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: options.limits.maxBodyBytes,
    // The namespace join (the auth checkpoint) and a polling client's upgrade must both happen soon.
    connectTimeout: options.limits.handshakeTimeoutMs,
    upgradeTimeout: options.limits.handshakeTimeoutMs
  });
  const cluster = options.redis ? attachRedisAdapter(io, options.redis, options.logger) : null;
  const { participation } = options;
  const presence = createPresence({
    io: io as unknown as Server,
    cluster: cluster !== null,
    logger: options.logger,
    onTotals: participation && ((boardId, counts) => participation.audience(boardId, counts.audience))
  });
  const services: Services = { ...options, limiter: options.limiter ?? createConnectionLimiter({ limits: options.limits }), addressOf, pendingOf: new WeakMap() };
  trackPending(io, services);
  io.use(authenticate(services));
  const reactions = createReactionAggregator({ emit: (boardId, burst) => void io.to(boardRoom(boardId)).emit('reactions', burst) });
  const dispatch: DispatchServices = {
    notify: createNotifier(io, reactions),
    quotas: createQuotas(options.limiters),
    answerSlots: createAnswerSlots(options.limiters),
    checkpoints: options.checkpoints,
    logger: options.logger,
    limits: options.limits,
    participation
  };
  io.on('connection', (socket) => {
    const { metrics } = options;
    if (metrics) {
      metrics.connectionOpened('socket.io', socket.data.role);
      socket.on('disconnect', () => metrics.connectionClosed('socket.io', socket.data.role));
      socket.onAny(() => metrics.messageIn('socket.io'));
    }
    if (socket.data.role === 'audience') participation?.joined(socket.data.boardId, socket.data.participantKey);
    onConnection(socket, options.registry, presence, dispatch);
  });
  const unsubscribe = options.revocations?.subscribe((eventId, scope, boardId) => revokeSockets(io, eventId, scope, boardId, options.logger));
  const stopRecheck = options.revocations?.onRecheck(() => {
    const live = [...io.of('/').sockets.values()].map((s) => ({ boardId: s.data.boardId, token: s.data.token, close: () => revokeSocket(s) }));
    closeStale(options.access, live)
      .then((closed) => closed > 0 && options.logger.info({ closed }, 'tokens rechecked after a bus outage: revoked sockets disconnected'))
      .catch((err: unknown) => options.logger.warn({ err }, 'token recheck failed'));
  });
  return {
    io,
    async close() {
      unsubscribe?.();
      stopRecheck?.();
      presence.stop();
      reactions.close();
      io.emit('notice', { reason: 'shutting-down', message: 'The server is restarting' });
      io.disconnectSockets(true);
      // The HTTP server is closed by its owner (main.ts), not by io.close().
      io.engine.close();
      await cluster?.close();
    }
  };
}
