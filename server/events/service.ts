/** Creating events and boards: records, role tokens, join codes, and each board's initial document. */
import { initBoard } from '../../src/lib/board/commands.js';
import { newId } from '../../src/lib/board/ids.js';
import { LOCAL } from '../../src/lib/board/origin.js';
import { boardSetup } from '../../src/lib/board/templates.js';
import { ROLE_PATH, type BoardInfo, type BoardKind, type EventInfo, type RoleLinks } from '../../src/lib/protocol/api.js';
import type { CreateEventInput } from '../../src/lib/protocol/schemas.js';
import { ROLES, type Role } from '../../src/lib/roles/index.js';
import type { Revocations } from './revocations.js';
import type { SecretSource } from './secrets.js';
import { audienceToken, boardAudienceToken, boardGeneration, isSealed, newRoleTokens, newToken, sealTokens, type RoleTokens } from './tokens.js';
import { BoardLimitError, DuplicateError, newJoinCode, type BoardRecord, type EventRecord, type EventStore } from './event-store.js';
import { defaultRetentionUntil, retentionOf } from './retention/policy.js';
import type { BoardRegistry } from '../sync/registry.js';

export interface EventService {
  /**
   * The new event, its boards, and its role tokens (the only time all of them are at hand without the moderator's).
   * Past `maxBoardsPerEvent`, createEvent and addBoard throw BoardLimitError (HTTP 409 `limit-reached`).
   */
  createEvent(input: CreateEventInput): Promise<{ event: EventRecord; boards: BoardRecord[]; tokens: RoleTokens }>;
  /** A workshop board; `init` writes its first documents instead of the event's template (an import). */
  addBoard(event: EventRecord, title: string, init?: BoardInit): Promise<BoardRecord>;
  /** Every board's role links; a board whose audience link was replaced on its own has its own audience token. */
  links(event: EventRecord, tokens: RoleTokens, boards: readonly BoardRecord[], publicUrl: string): Record<string, RoleLinks>;
  /**
   * Gives `role` a fresh token (`current`: the tokens the moderator opened); the old one stops
   * working at once, also for open connections. With `scope.boardId` (the audience only) just
   * that board's audience link is replaced. Returns the event as stored now.
   */
  rotateToken(event: EventRecord, current: RoleTokens, role: Role, scope?: RotationScope): Promise<{ event: EventRecord; tokens: RoleTokens }>;
  /** A board's audience token: its join code leads to it. */
  audienceToken(event: EventRecord, boardId: string): Promise<string>;
}

/**
 * Writes a new board's documents before its record exists, so no room can load the id
 * half-written; `discard` removes them when the record is refused (a duplicate id or join code
 * is tried again under a new id, past the board limit the board is not made).
 */
export interface BoardInit {
  write(boardId: string): Promise<void>;
  discard(boardId: string): Promise<void>;
}

/** Which links a rotation replaces: the role's for the whole event, or (the audience only) one board's. */
export type RotationScope = { boardId?: string };

export const boardInfo = (b: BoardRecord): BoardInfo => ({ id: b.id, eventId: b.eventId, kind: b.kind, title: b.title, joinCode: b.joinCode });

export const eventInfo = (e: EventRecord): EventInfo => ({
  id: e.id,
  title: e.title,
  date: e.date,
  place: e.place,
  createdAt: e.createdAt,
  privacy: { contact: e.privacyContact ?? '', retentionUntil: retentionOf(e) }
});

export function roleLinks(tokens: RoleTokens, boardId: string, publicUrl: string): RoleLinks {
  const links = {} as RoleLinks;
  for (const role of ROLES) links[role] = `${publicUrl}/b/${boardId}/${ROLE_PATH[role]}?t=${tokens[role]}`;
  return links;
}

/** The tokens as they open `boardId`: its own audience token once its link was replaced on its own. */
const tokensFor = (event: EventRecord, tokens: RoleTokens, boardId: string): RoleTokens => ({
  ...tokens,
  audience: boardAudienceToken(tokens.audience, boardId, boardGeneration(event.tokens, boardId))
});

const ATTEMPTS = 5;

async function retryOnDuplicate<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof DuplicateError) || attempt >= ATTEMPTS) throw err;
    }
  }
}

export function createEventService(options: {
  events: EventStore;
  registry: BoardRegistry;
  tokenKey: SecretSource;
  revocations?: Revocations;
  now?: () => number;
  maxBoardsPerEvent?: number;
  defaultRetentionSeconds?: number;
}): EventService {
  const { events, registry } = options;
  const maxBoards = options.maxBoardsPerEvent ?? Infinity;
  const now = options.now ?? Date.now;
  const record = (eventId: string, kind: BoardKind, title: string, at: number): BoardRecord => ({
    id: newId(12),
    eventId,
    kind,
    title,
    joinCode: newJoinCode(),
    createdAt: at
  });
  const initDoc = (event: EventRecord, board: BoardRecord): Promise<void> =>
    registry.withBoard(board.id, async (loaded) => {
      initBoard(loaded.full.doc, boardSetup(event.template, event.lang, board.title), LOCAL);
      await loaded.full.flushed();
      await loaded.public.flushed();
    });

  return {
    async createEvent(input) {
      const at = now();
      const tokens = newRoleTokens();
      const sealed = sealTokens(tokens, await options.tokenKey());
      const created = await retryOnDuplicate(async () => {
        const retentionUntil = defaultRetentionUntil(input.date, at, options.defaultRetentionSeconds);
        const event: EventRecord = {
          id: newId(12),
          title: input.title,
          date: input.date,
          place: input.place,
          createdAt: at,
          template: input.template,
          lang: input.lang,
          tokens: sealed,
          retentionUntil
        };
        const boards = [record(event.id, 'main', input.title, at), ...input.workshops.map((t, i) => record(event.id, 'workshop', t, at + i + 1))];
        if (boards.length > maxBoards) throw new BoardLimitError(maxBoards);
        await events.createEvent(event, boards);
        return { event, boards };
      });
      for (const board of created.boards) await initDoc(created.event, board);
      return { ...created, tokens };
    },
    async addBoard(event, title, init) {
      const board = await retryOnDuplicate(async () => {
        const b = record(event.id, 'workshop', title, now());
        try {
          await init?.write(b.id);
          await events.addBoard(b, Number.isFinite(maxBoards) ? maxBoards : undefined);
        } catch (err) {
          await init?.discard(b.id);
          throw err;
        }
        return b;
      });
      if (!init) await initDoc(event, board);
      return board;
    },
    links(event, tokens, boards, publicUrl) {
      return Object.fromEntries(boards.map((b) => [b.id, roleLinks(tokensFor(event, tokens, b.id), b.id, publicUrl)]));
    },
    async rotateToken(event, current, role, scope = {}) {
      const { boardId } = scope;
      if (boardId !== undefined && role !== 'audience') throw new Error('only the audience link is replaced per board');
      const before: Record<string, number> = isSealed(event.tokens) ? { ...event.tokens.boards } : {};
      // A new event audience token replaces every board's audience link, those of their own too.
      const generations = boardId !== undefined ? { ...before, [boardId]: (before[boardId] ?? 0) + 1 } : role === 'audience' ? {} : before;
      const tokens = boardId !== undefined ? current : { ...current, [role]: newToken() };
      const sealed = sealTokens(tokens, await options.tokenKey(), generations);
      if (!(await events.setTokens(event.id, sealed))) throw new Error(`No event ${event.id}`);
      options.revocations?.revoke(event.id, role, boardId);
      return { event: { ...event, tokens: sealed }, tokens };
    },
    audienceToken: async (event, boardId) => audienceToken(event.tokens, await options.tokenKey(), boardId)
  };
}
