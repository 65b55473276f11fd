/** Resolves (boardId, token) to the role it grants on that board. */
import type { Role } from '../../src/lib/roles/index.js';
import type { BoardRecord, EventRecord, EventStore } from '../persistence/event-store.js';
import { roleForToken } from './tokens.js';

export interface BoardAccess {
  role: Role;
  board: BoardRecord;
  event: EventRecord;
}

export type AccessResult =
  | { ok: true; access: BoardAccess }
  | { ok: false; reason: 'not-found' | 'unauthorized' };

export interface AccessResolver {
  forBoard(boardId: string, token: string | null | undefined): Promise<AccessResult>;
  forEvent(eventId: string, token: string | null | undefined): Promise<{ ok: true; role: Role; event: EventRecord } | { ok: false; reason: 'not-found' | 'unauthorized' }>;
}

export function createAccessResolver(options: { events: EventStore }): AccessResolver {
  const { events } = options;
  return {
    async forBoard(boardId, token) {
      const board = await events.getBoard(boardId);
      if (!board) return { ok: false, reason: 'not-found' };
      const event = await events.getEvent(board.eventId);
      if (!event) return { ok: false, reason: 'not-found' };
      const role = typeof token === 'string' && token !== '' ? roleForToken(event.tokens, token) : null;
      return role ? { ok: true, access: { role, board, event } } : { ok: false, reason: 'unauthorized' };
    },
    async forEvent(eventId, token) {
      const event = await events.getEvent(eventId);
      if (!event) return { ok: false, reason: 'not-found' };
      const role = typeof token === 'string' && token !== '' ? roleForToken(event.tokens, token) : null;
      return role ? { ok: true, role, event } : { ok: false, reason: 'unauthorized' };
    }
  };
}
