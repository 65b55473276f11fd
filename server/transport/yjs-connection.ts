/**
 * One y-websocket connection: decodes each frame at the edge, answers sync, routes writers'
 * updates through the write policy, drops read-only roles' updates, relays writers' awareness.
 */
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
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
export type ConnectionState = { phase: 'open'; strikes: number[] } | { phase: 'closing'; code: number };

export type Access = { kind: 'writer'; role: 'moderator' | 'panelist' } | { kind: 'reader'; role: Role };

export interface YjsConnectionOptions {
  peer: Peer;
  channel: DocChannel;
  access: Access;
  participantKey: string;
  limits: Limits;
  logger: Logger;
}

const STRIKE_WINDOW_MS = 60_000;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function createYjsConnection(options: YjsConnectionOptions): { onMessage(data: RawData): void } {
  const { peer, channel, access, limits, logger } = options;
  const socket: WebSocket = peer.socket;
  const doc = channel.room.doc;
  let state: ConnectionState = { phase: 'open', strikes: [] };

  function close(code: CloseCodeValue, reason: string): void {
    if (state.phase !== 'open') return;
    state = { phase: 'closing', code };
    socket.close(code, reason);
  }

  function strike(limit: number, detail: Record<string, unknown>): void {
    if (state.phase !== 'open') return;
    const now = Date.now();
    state.strikes = [...state.strikes.filter((t) => now - t < STRIKE_WINDOW_MS), now];
    const level = state.strikes.length === 1 ? 'warn' : 'debug';
    logger[level]({ conn: peer.id, role: access.role, strikes: state.strikes.length, ...detail }, 'update refused');
    if (state.strikes.length > limit) close(CloseCode.Forbidden, 'too many refused updates');
  }

  function onUpdate(update: Uint8Array): void {
    if (access.kind === 'reader') {
      if (hasEffect(doc, update)) strike(limits.readOnlyStrikes, { rule: 'read-only' });
      return;
    }
    const verdict = checkWriterUpdate(doc, update, { role: access.role, participantKey: options.participantKey });
    switch (verdict.kind) {
      case 'refuse': {
        // Nothing of the update is applied; its clocks become tombstones so this writer's later
        // (valid) updates do not depend on something the server never got.
        const tombstones = tombstoneUpdate(doc, update);
        if (tombstones) Y.applyUpdate(doc, tombstones, connectionOrigin(peer.id));
        return strike(limits.policyStrikesPerMinute, { rule: verdict.rule, detail: verdict.detail });
      }
      case 'partial':
        strike(limits.policyStrikesPerMinute, { rule: verdict.rule, detail: verdict.detail });
        return apply(verdict);
      case 'accept':
        return apply(verdict);
      default: {
        const never: never = verdict;
        throw new Error(`unhandled verdict ${String(never)}`);
      }
    }
  }

  function apply(verdict: { update: Uint8Array; effective: boolean }): void {
    if (!verdict.effective || state.phase !== 'open') return;
    if (channel.room.approxBytes() + verdict.update.byteLength > limits.maxDocBytes) return close(CloseCode.TooLarge, 'document too large');
    Y.applyUpdate(doc, verdict.update, connectionOrigin(peer.id));
  }

  function onAwareness(update: Uint8Array): void {
    if (access.kind === 'reader') return;
    if (update.byteLength > limits.maxAwarenessBytes) return close(CloseCode.TooLarge, 'awareness too large');
    channel.applyAwareness(peer, update);
  }

  function handle(message: IncomingMessage): void {
    switch (message.type) {
      case 'sync-step-1':
        return channel.send(peer, channel.step2For(message.stateVector), 'doc');
      case 'sync-step-2':
      case 'sync-update':
        return onUpdate(message.update);
      case 'awareness':
        return onAwareness(message.update);
      case 'query-awareness': {
        const states = access.kind === 'writer' ? channel.awarenessStates() : null;
        if (states) channel.send(peer, states, 'awareness');
        return;
      }
      default: {
        const never: never = message;
        throw new MalformedMessage(`unhandled ${String(never)}`);
      }
    }
  }

  return {
    onMessage(data) {
      if (state.phase !== 'open') return;
      try {
        handle(decodeMessage(toBytes(data)));
      } catch (err) {
        if (err instanceof MalformedMessage) {
          logger.warn({ conn: peer.id, err: err.message }, 'malformed frame');
          return close(CloseCode.Malformed, 'malformed message');
        }
        logger.error({ err, conn: peer.id }, 'message handling failed');
        close(CloseCode.InternalError, 'internal error');
      }
    }
  };
}
