/**
 * Runs one socket.io action for a connected socket: splits payload and ack, limits the rate,
 * executes the typed action on the board's full document, and always acks a result — a
 * success only once the change is durable.
 */
import type { Logger } from 'pino';
import type { AckResult } from '../../src/lib/protocol/errors.js';
import type { ActionName } from '../../src/lib/protocol/events.js';
import type { Role } from '../../src/lib/roles/index.js';
import { ACTIONS } from './actions/index.js';
import type { Notifier } from './actions/action.js';
import type { AnswerSlots } from './actions/answer-slots.js';
import type { Quotas } from './actions/quotas.js';
import type { Limits } from '../app/limits.js';
import type { TokenBucket } from '../limits/rate-limiter.js';
import type { CheckpointRedactor } from '../outputs/history/redaction.js';
import type { BoardHandle } from '../sync/registry.js';
import type { ParticipationRecorder } from '../outputs/participation/recorder.js';

export type AckFn = (result: AckResult<unknown>) => void;

export interface SocketSession {
  boardId: string;
  /** The event whose role token opened this socket (for revocation). */
  eventId: string;
  /** That token, checked again after a bus outage in which a revocation may have been lost. */
  token: string;
  role: Role;
  participantKey: string;
  /** Derived from the device id at the handshake (identity.ts voterKey). */
  voterKey: string;
  connectionId: string;
  /** Set once connected (the board is acquired on connection, released on disconnect). */
  handle: Promise<BoardHandle> | null;
  /** This socket's actions (Limits.actionsPerSecond, a bucket held by the socket). */
  actionBudget: TokenBucket;
  /** Releases this socket's slot in the connection limiter. */
  releaseSlot: () => void;
}

/** Shared by every socket of one server. */
export interface DispatchServices {
  notify: Notifier;
  quotas: Quotas;
  answerSlots: AnswerSlots;
  checkpoints: CheckpointRedactor;
  logger: Logger;
  limits: Pick<Limits, 'maxDocBytes' | 'maxPendingSubmissions' | 'maxPollAnswers'>;
  /** Counts the successful actions the participation figures chart (reactions, ballots). */
  participation?: Pick<ParticipationRecorder, 'action'>;
}

export function splitArgs(args: readonly unknown[]): { input: unknown; ack: AckFn | null } {
  const last = args.at(-1);
  if (typeof last === 'function') return { input: args.length > 1 ? args[0] : undefined, ack: last as AckFn };
  return { input: args[0], ack: null };
}

async function run(session: SocketSession, name: ActionName, input: unknown, services: DispatchServices): Promise<AckResult<unknown>> {
  const { logger, notify, quotas, answerSlots, checkpoints, limits } = services;
  const { boardId, role, participantKey, voterKey, connectionId } = session;
  if (!session.actionBudget.take().ok) return { ok: false, reason: 'rate-limited', message: 'Too many actions; slow down' };
  try {
    if (!session.handle) throw new Error('socket not connected');
    const handle = await session.handle;
    const action = ACTIONS[name];
    // The same cap as on the Yjs path (yjs-connection.ts): a full board takes no more.
    if (action.growsDocs && Math.max(handle.full.approxBytes(), handle.queue.approxBytes()) >= limits.maxDocBytes)
      return { ok: false, reason: 'too-large', message: `The board has reached its size limit (${limits.maxDocBytes} bytes)` };
    type Kind = Parameters<Quotas['take']>[2];
    const take = (kind: Kind): Promise<void> => quotas.take(boardId, participantKey, kind);
    const refund = (kind: Kind): Promise<void> => quotas.refund(boardId, participantKey, kind);
    const ctx = {
      name,
      doc: handle.full.doc,
      board: handle,
      notify,
      checkpoints,
      take,
      refund,
      maxPendingSubmissions: limits.maxPendingSubmissions,
      maxPollAnswers: limits.maxPollAnswers,
      answerSlots,
      boardId,
      role,
      participantKey,
      voterKey,
      connectionId
    };
    // Awaited here, so an async action's failure is logged and acked like a sync one's.
    const result = await action.execute(ctx, input);
    // An ack means "kept": it waits until what the action changed is appended to the store.
    if (result.ok) await Promise.all([handle.full.flushed(), handle.queue.flushed()]);
    if (result.ok) services.participation?.action(boardId, name);
    return result;
  } catch (err) {
    logger.error({ err, board: boardId, conn: connectionId, action: name }, 'action failed');
    return { ok: false, reason: 'internal', message: 'Internal error' };
  }
}

export async function dispatchAction(session: SocketSession, name: ActionName, args: readonly unknown[], services: DispatchServices): Promise<void> {
  const { input, ack } = splitArgs(args);
  const result = await run(session, name, input, services);
  if (!result.ok) services.logger.debug({ board: session.boardId, conn: session.connectionId, action: name, reason: result.reason }, 'action refused');
  ack?.(result);
}
