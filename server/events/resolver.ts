/**
 * Resolves (boardId, token) to the role it grants on that board. For the moderator it also
 * opens the event's other tokens (the role links); an event stored before tokens were hashed
 * is sealed on its first successful use (server/events/tokens.ts).
 */
import type { Role } from '../../src/lib/roles/index.js';
import type { BoardRecord, EventRecord, EventStore } from './event-store.js';
import type { SecretSource } from './secrets.js';
import { audienceToken, boardGeneration, hashToken, isSealed, revealTokens, roleForToken, sealTokens, type RoleTokens } from './tokens.js';

export interface BoardAccess {
  role: Role;
  board: BoardRecord;
  event: EventRecord;
  /** Every role's token, when the presented one is the moderator's (for the links); else null. */
  tokens: RoleTokens | null;
}

export type EventAccess = { ok: true; role: Role; event: EventRecord; tokens: RoleTokens | null } | { ok: false; reason: 'not-found' | 'unauthorized' };

export type AccessResult = { ok: true; access: BoardAccess } | { ok: false; reason: 'not-found' | 'unauthorized' };

export interface AccessResolver {
  forBoard(boardId: string, token: string | null | undefined): Promise<AccessResult>;
  forEvent(eventId: string, token: string | null | undefined): Promise<EventAccess>;
}

export function createAccessResolver(options: { events: EventStore; tokenKey: SecretSource }): AccessResolver {
  const { events } = options;
  /** A board whose audience link was replaced on its own opens for that board's audience token only. */
  async function boardAudienceHash(event: EventRecord, boardId: string | undefined): Promise<string | undefined> {
    if (boardId === undefined || boardGeneration(event.tokens, boardId) === 0) return undefined;
    return hashToken(audienceToken(event.tokens, await options.tokenKey(), boardId));
  }
  async function check(event: EventRecord, token: string | null | undefined, boardId?: string): Promise<EventAccess> {
    const audienceHash = await boardAudienceHash(event, boardId);
    const role = typeof token === 'string' && token !== '' ? roleForToken(event.tokens, token, audienceHash) : null;
    if (!role || typeof token !== 'string') return { ok: false, reason: 'unauthorized' };
    const stored = event.tokens;
    if (!isSealed(stored)) {
      // A record from before hashing holds the raw tokens: seal it now, keep serving meanwhile.
      const sealed = sealTokens(stored, await options.tokenKey());
      await events.setTokens(event.id, sealed);
      event = { ...event, tokens: sealed };
      return { ok: true, role, event, tokens: role === 'moderator' ? { ...stored } : null };
    }
    return { ok: true, role, event, tokens: role === 'moderator' ? revealTokens(stored, token) : null };
  }
  return {
    async forBoard(boardId, token) {
      const board = await events.getBoard(boardId);
      if (!board) return { ok: false, reason: 'not-found' };
      const event = await events.getEvent(board.eventId);
      if (!event) return { ok: false, reason: 'not-found' };
      const result = await check(event, token, board.id);
      return result.ok ? { ok: true, access: { role: result.role, board, event: result.event, tokens: result.tokens } } : result;
    },
    async forEvent(eventId, token) {
      const event = await events.getEvent(eventId);
      if (!event) return { ok: false, reason: 'not-found' };
      return check(event, token);
    }
  };
}
