/** Typed transaction origins used by the server (see src/lib/board/origin.ts). */
import type { BoardOrigin } from '../../src/lib/board/origin.js';

export const STORE_ORIGIN: BoardOrigin = Object.freeze({ kind: 'store' });
export const BUS_ORIGIN: BoardOrigin = Object.freeze({ kind: 'bus' });
export const PROJECTION_ORIGIN: BoardOrigin = Object.freeze({ kind: 'projection' });

export const connectionOrigin = (connectionId: string): BoardOrigin => ({ kind: 'connection', connectionId });

export function originKind(origin: unknown): BoardOrigin['kind'] | 'unknown' {
  if (typeof origin !== 'object' || origin === null) return 'unknown';
  const kind = (origin as { kind?: unknown }).kind;
  switch (kind) {
    case 'local':
    case 'action':
    case 'connection':
    case 'store':
    case 'bus':
    case 'projection':
      return kind;
    default:
      return 'unknown';
  }
}

/** Names of a board's three documents: the full one, the public projection, the moderator-only queue. */
export const fullDocName = (boardId: string): string => boardId;
export const publicDocName = (boardId: string): string => `${boardId}/public`;
export const queueDocName = (boardId: string): string => `${boardId}/queue`;
