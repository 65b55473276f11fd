/**
 * One y-websocket connection: decodes each frame at the edge, answers sync, routes writers'
 * updates through the write policy, drops read-only roles' updates, relays writers' awareness.
 */
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import * as Y from 'yjs';
import { CloseCode, type CloseCodeValue } from '../../src/lib/protocol/close-codes.js';
import type { Role } from '../../src/lib/roles/index.js';
import type { Limits } from '../config.js';
import { connectionOrigin } from '../rooms/origins.js';
import { hasEffect, tombstoneUpdate } from '../rooms/update-inspect.js';
import { checkWriterUpdate } from '../rooms/write-policy.js';
import type { DocChannel, Peer } from './yjs-channel.js';
import { decodeMessage, MalformedMessage, type IncomingMessage } from './yjs-messages.js';

/** A connection's lifecycle. */
export type ConnectionState = { phase: 'open'; strikes: number[]; window: { start: number; count: number } } | { phase: 'closing'; code: number };

export type Access = { kind: 'writer'; role: 'moderator' | 'panelist' } | { kind: 'reader'; role: Role };

export interface YjsConnectionOptions {
  peer: Peer;
  channel: DocChannel;
  access: Access;
  participantKey: string;
  limits: Limits;
  logger: Logger;
  /** Counts refusals by reason (metrics). */
  onReject?: (reason: string) => void;
}

interface Connection extends YjsConnectionOptions {
  state: ConnectionState;
}

const STRIKE_WINDOW_MS = 60_000;

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

function strike(c: Connection, limit: number, detail: Record<string, unknown>): void {
  if (c.state.phase !== 'open') return;
  const now = Date.now();
  c.state.strikes = [...c.state.strikes.filter((t) => now - t < STRIKE_WINDOW_MS), now];
  const level = c.state.strikes.length === 1 ? 'warn' : 'debug';
  c.logger[level]({ conn: c.peer.id, role: c.access.role, strikes: c.state.strikes.length, ...detail }, 'update refused');
  c.onReject?.(`update-refused-${String(detail.rule)}`);
  if (c.state.strikes.length > limit) close(c, CloseCode.Forbidden, 'too many refused updates');
}

function apply(c: Connection, verdict: { update: Uint8Array; effective: boolean }): void {
  if (!verdict.effective || c.state.phase !== 'open') return;
  if (c.channel.room.approxBytes() + verdict.update.byteLength > c.limits.maxDocBytes) return close(c, CloseCode.TooLarge, 'document too large');
  Y.applyUpdate(c.channel.room.doc, verdict.update, connectionOrigin(c.peer.id));
}

/** Runs a decoding step; bytes that are no Yjs update (or nest too deep) make the frame Malformed. */
function decodes<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new MalformedMessage(`undecodable update: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function onUpdate(c: Connection, update: Uint8Array): void {
  const doc = c.channel.room.doc;
  if (c.access.kind === 'reader') {
    if (decodes(() => hasEffect(doc, update))) strike(c, c.limits.readOnlyStrikes, { rule: 'read-only' });
    return;
  }
  const verdict = checkWriterUpdate(doc, update, { role: c.access.role, participantKey: c.participantKey });
  switch (verdict.kind) {
    case 'refuse': {
      // Nothing of the update is applied; its clocks become tombstones so this writer's later
      // (valid) updates do not depend on something the server never got.
      const tombstones = decodes(() => tombstoneUpdate(doc, update));
      if (tombstones) Y.applyUpdate(doc, tombstones, connectionOrigin(c.peer.id));
      return strike(c, c.limits.policyStrikesPerMinute, { rule: verdict.rule, detail: verdict.detail });
    }
    case 'partial':
      strike(c, c.limits.policyStrikesPerMinute, { rule: verdict.rule, detail: verdict.detail });
      return apply(c, verdict);
    case 'accept':
      return apply(c, verdict);
    default: {
      const never: never = verdict;
      throw new Error(`unhandled verdict ${String(never)}`);
    }
  }
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

/** Frames per second, counted in fixed one-second windows. */
function overRate(c: Connection & { state: { phase: 'open' } }, now: number): boolean {
  const w = c.state.window;
  if (now - w.start >= 1000) {
    w.start = now;
    w.count = 0;
  }
  w.count += 1;
  return w.count > c.limits.yjsMessagesPerSecond;
}

function handle(c: Connection, message: IncomingMessage): void {
  switch (message.type) {
    case 'sync-step-1':
      return c.channel.send(c.peer, c.channel.step2For(message.stateVector), 'doc');
    case 'sync-step-2':
    case 'sync-update':
      return onUpdate(c, message.update);
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
  const c: Connection = { ...options, state: { phase: 'open', strikes: [], window: { start: 0, count: 0 } } };
  return {
    onMessage(data, isBinary) {
      if (c.state.phase !== 'open') return;
      if (overRate(c as Connection & { state: { phase: 'open' } }, Date.now())) {
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
