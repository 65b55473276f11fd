/** The lifecycle of a board's realtime connection, as a union rather than a set of booleans. */
import { CloseCode } from '$lib/protocol/close-codes.js';

export type FatalReason = 'unauthorized' | 'not-found' | 'revoked' | 'deleted' | 'other';

export type ConnectionStatus = { kind: 'connecting' } | { kind: 'online' } | { kind: 'offline' } | { kind: 'reconnecting' } | { kind: 'fatal'; reason: FatalReason; code: number };

export function fatalReason(code: number): FatalReason {
  switch (code) {
    case CloseCode.Unauthorized:
      return 'unauthorized';
    case CloseCode.NotFound:
      return 'not-found';
    case CloseCode.TokenRevoked:
      return 'revoked';
    case CloseCode.EventDeleted:
      return 'deleted';
    default:
      return 'other';
  }
}
