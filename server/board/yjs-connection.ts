/**
 * One y-websocket connection: decodes each frame at the edge, answers sync (within a budget of
 * fresh answers), routes writers' updates through the write gate (yjs-writes.ts), refuses
 * read-only roles' updates unread, relays writers' awareness.
 */
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import { CloseCode, type CloseCodeValue } from '../../src/lib/protocol/close-codes.js';
import type { Role } from '../../src/lib/roles/index.js';
import type { Limits } from '../app/limits.js';
import { createArrivalClock, createTokenBucket, perMinute, perSecond, type TokenBucket } from '../limits/rate-limiter.js';
import type { ClientIdOwners } from './client-ids.js';
import { keepModeratorValues, recordModerator } from '../../src/lib/board/authority.js';
import { actionOrigin } from '../../src/lib/board/origin.js';
import { encodeNotice } from '../../src/lib/protocol/yjs-notice.js';
import { connectionOrigin } from '../sync/origins.js';
import type { DocChannel, Peer } from '../sync/yjs-channel.js';
import { decodeMessage, MalformedMessage, type IncomingMessage } from '../sync/yjs-messages.js';
import { decideWrite, type WriteContext, type WriteDecision } from './yjs-writes.js';

/** A connection's lifecycle. */
export type ConnectionState = { phase: 'open'; strikes: number } | { phase: 'closing'; code: number };

export type Access = { kind: 'writer'; role: 'moderator' | 'panelist' } | { kind: 'reader'; role: Role };

export interface YjsConnectionOptions {
  peer: Peer;
  channel: DocChannel;
  access: Access;
  participantKey: string;
  /** The board the document belongs to (client id ownership is per board). */
  boardId: string;
  /** Who owns which Yjs client id; shared by the transport's connections. */
  owners: ClientIdOwners;
  limits: Limits;
  logger: Logger;
  /** Counts refusals by reason (metrics). */
  onReject?: (reason: string) => void;
}

interface Connection extends YjsConnectionOptions {
  state: ConnectionState;
  /** Structs + delete ranges this connection may still decode (LIMIT_UPDATE_STRUCTS_PER_SECOND). */
  decodeBudget: TokenBucket;
  /** Freshly encoded sync replies (LIMIT_SYNC_REQUESTS_PER_MINUTE). */
  syncBudget: TokenBucket;
  /** Frames (LIMIT_YJS_MESSAGES_PER_SECOND), charged when they arrived. */
  frameBudget: TokenBucket;
  arrival: () => number;
  /** Refused updates (a writer's LIMIT_POLICY_STRIKES_PER_MINUTE, a reader's LIMIT_READ_ONLY_STRIKES a minute). */
  strikeBudget: TokenBucket;
  /** A reader's one sync step 2, the reply to the server's step 1: ignored unread. */
  readerReplied: boolean;
}

/**
 * An exact-size copy: a frame may be a view into a larger pooled buffer, and lib0 reads a
 * declared length as a view on the underlying ArrayBuffer, so a lying length would read past
 * the frame (into other connections' bytes) instead of failing.
 */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}

function close(c: Connection, code: CloseCodeValue, reason: string): void {
  if (c.state.phase !== 'open') return;
  c.onReject?.(reason);
  c.state = { phase: 'closing', code };
  c.peer.socket.close(code, reason);
}

/** A refused update; past the connection's strike budget the connection is closed. */
function strike(c: Connection, detail: Record<string, unknown>): void {
  if (c.state.phase !== 'open') return;
  c.state.strikes += 1;
  const level = c.state.strikes === 1 ? 'warn' : 'debug';
  c.logger[level]({ conn: c.peer.id, role: c.access.role, strikes: c.state.strikes, ...detail }, 'update refused');
  c.onReject?.(`update-refused-${String(detail.rule)}`);
  if (!c.strikeBudget.take().ok) close(c, CloseCode.Forbidden, 'too many refused updates');
}

/** Applies an accepted update unless the document would grow past its cap; true when applied. */
function apply(c: Connection, update: Uint8Array): boolean {
  if (c.state.phase !== 'open') return false;
  if (c.channel.room.approxBytes() + update.byteLength > c.limits.maxDocBytes) {
    close(c, CloseCode.TooLarge, 'document too large');
    return false;
  }
  Y.applyUpdate(c.channel.room.doc, update, connectionOrigin(c.peer.id));
  return true;
}

/** Runs a decoding step; bytes that are no Yjs update (or nest too deep) make the frame Malformed. */
function decodes<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new MalformedMessage(`undecodable update: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A read-only role never writes, so its updates are refused before a byte of them is decoded:
 * each is a strike. Only the sync step 2 answering the server's step 1 (what every provider
 * sends on connect) is let pass, once, and ignored.
 */
function onReaderUpdate(c: Connection, type: 'sync-step-2' | 'sync-update'): void {
  if (type === 'sync-step-2' && !c.readerReplied) {
    c.readerReplied = true;
    return;
  }
  strike(c, { rule: 'read-only', detail: type });
}

/**
 * An accepted (or partly stripped) update: a moderator's new client ids are recorded as
 * carrying the moderator's word before it applies (W10), and a value of it that lost a tie to a
 * writer's concurrent value is written again by the server. A writer whose stale values were
 * stripped (W10) is told which cards, so its client can resync and offer to resubmit.
 */
function onApply(c: Connection, decision: Extract<WriteDecision, { kind: 'apply' }>): void {
  const { doc } = c.channel.room;
  if (decision.strike) strike(c, decision.strike);
  if (decision.staleCards.length > 0 && c.state.phase === 'open')
    c.channel.send(c.peer, encodeNotice({ kind: 'stale', cards: decision.staleCards, values: decision.staleValues }), 'doc');
  if (!decision.effective) return;
  if (c.access.role === 'moderator') recordModerator(doc, decision.claimed, c.participantKey, connectionOrigin(c.peer.id));
  if (!apply(c, decision.update)) return;
  c.owners.record(c.boardId, c.participantKey, decision.claimed);
  if (decision.moderatorValues.length > 0) keepModeratorValues(doc, decision.moderatorValues, actionOrigin('card:edit', c.participantKey));
}

function onUpdate(c: Connection, update: Uint8Array): void {
  if (c.access.kind !== 'writer') return;
  const ctx: WriteContext = {
    doc: c.channel.room.doc,
    boardId: c.boardId,
    role: c.access.role,
    participantKey: c.participantKey,
    maxStructsPerUpdate: c.limits.maxStructsPerUpdate,
    budget: c.decodeBudget,
    owners: c.owners
  };
  const decision = decodes(() => decideWrite(ctx, update));
  switch (decision.kind) {
    case 'close':
      c.logger.warn({ conn: c.peer.id, reason: decision.reason }, 'update refused: connection closed');
      return close(c, decision.code, decision.reason);
    case 'refuse':
      // Nothing of the update is applied; its clocks (under this writer's own client ids only)
      // become tombstones so the writer's later, valid updates stay applicable.
      if (decision.tombstones) {
        Y.applyUpdate(c.channel.room.doc, decision.tombstones, connectionOrigin(c.peer.id));
        c.owners.record(c.boardId, c.participantKey, decision.claimed);
      }
      return strike(c, { rule: decision.rule, detail: decision.detail });
    case 'apply':
      return onApply(c, decision);
    default: {
      const never: never = decision;
      throw new Error(`unhandled decision ${String(never)}`);
    }
  }
}

/** Sync step 1: answered from the channel's cache, or freshly encoded within the connection's budget. */
function onSyncRequest(c: Connection, stateVector: Uint8Array): void {
  if (!decodes(() => c.channel.stateVectorFits(stateVector))) {
    c.logger.warn({ conn: c.peer.id, bytes: stateVector.byteLength }, 'sync request refused: state vector names far more clients than the document has');
    c.onReject?.('state-vector');
    return close(c, CloseCode.TooComplex, 'state vector too large');
  }
  const reply = decodes(() => c.channel.step2For(stateVector, () => c.syncBudget.take().ok));
  if (reply === null) {
    c.logger.warn({ conn: c.peer.id, limit: c.limits.syncRequestsPerMinute }, 'sync request rate exceeded');
    return close(c, CloseCode.RateLimited, 'too many sync requests');
  }
  c.channel.send(c.peer, reply, 'doc');
}

function onAwareness(c: Connection, update: Uint8Array): void {
  if (c.access.kind === 'reader') return;
  if (update.byteLength > c.limits.maxAwarenessBytes) return close(c, CloseCode.TooLarge, 'awareness too large');
  const dropped = c.channel.applyAwareness(c.peer, update);
  if (dropped > 0) {
    c.logger.warn({ conn: c.peer.id, dropped }, 'awareness entries dropped (not this connection’s client ids, or too many)');
    c.onReject?.('awareness-spoof');
  }
}

function handle(c: Connection, message: IncomingMessage): void {
  switch (message.type) {
    case 'sync-step-1':
      return onSyncRequest(c, message.stateVector);
    case 'sync-step-2':
    case 'sync-update':
      return c.access.kind === 'reader' ? onReaderUpdate(c, message.type) : onUpdate(c, message.update);
    case 'awareness':
      return onAwareness(c, message.update);
    case 'query-awareness': {
      const states = c.access.kind === 'writer' ? c.channel.awarenessStates() : null;
      if (states) c.channel.send(c.peer, states, 'awareness');
      return;
    }
    default: {
      const never: never = message;
      throw new MalformedMessage(`unhandled ${String(never)}`);
    }
  }
}

export function createYjsConnection(options: YjsConnectionOptions): { onMessage(data: RawData, isBinary: boolean): void } {
  const { limits } = options;
  const c: Connection = {
    ...options,
    state: { phase: 'open', strikes: 0 },
    decodeBudget: createTokenBucket({ capacity: Math.max(limits.maxStructsPerUpdate, limits.updateStructsPerSecond), perSecond: limits.updateStructsPerSecond }),
    syncBudget: createTokenBucket(perMinute(limits.syncRequestsPerMinute)),
    frameBudget: createTokenBucket(perSecond(limits.yjsMessagesPerSecond)),
    arrival: createArrivalClock(),
    strikeBudget: createTokenBucket(perMinute(options.access.kind === 'reader' ? limits.readOnlyStrikes : limits.policyStrikesPerMinute)),
    readerReplied: false
  };
  return {
    onMessage(data, isBinary) {
      if (c.state.phase !== 'open') return;
      if (!c.frameBudget.take(1, c.arrival()).ok) {
        c.logger.warn({ conn: c.peer.id, limit: c.limits.yjsMessagesPerSecond }, 'message rate exceeded');
        return close(c, CloseCode.RateLimited, 'too many messages');
      }
      if (!isBinary) {
        c.logger.warn({ conn: c.peer.id }, 'text frame on a binary protocol');
        return close(c, CloseCode.Malformed, 'binary frames only');
      }
      try {
        handle(c, decodeMessage(toBytes(data)));
      } catch (err) {
        if (err instanceof MalformedMessage) {
          c.logger.warn({ conn: c.peer.id, err: err.message.slice(0, 200) }, 'malformed frame');
          return close(c, CloseCode.Malformed, 'malformed message');
        }
        c.logger.error({ err, conn: c.peer.id }, 'message handling failed');
        close(c, CloseCode.InternalError, 'internal error');
      }
    }
  };
}
