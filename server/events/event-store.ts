/**
 * The event metadata port: events, their boards, role tokens and join codes. Small on purpose,
 * so a Postgres or Redis twin slots in beside the memory and SQLite ones.
 */
import { randomInt } from 'node:crypto';
import type { TemplateId, TemplateLang } from '../../src/lib/board/templates.js';
import type { BoardKind } from '../../src/lib/protocol/api.js';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../src/lib/protocol/join-code.js';
import type { StoredTokens } from './tokens.js';
import type { OutputsStore } from '../outputs/outputs-store.js';

export interface EventRecord {
  id: string;
  title: string;
  date: string;
  place: string;
  createdAt: number;
  /** The board template and language new boards of this event start from. */
  template: TemplateId;
  lang: TemplateLang;
  /** Hashed and sealed (server/events/tokens.ts); records from before hold the raw tokens. */
  tokens: StoredTokens;
}

export interface BoardRecord {
  id: string;
  eventId: string;
  kind: BoardKind;
  title: string;
  joinCode: string;
  createdAt: number;
}

export interface EventStore extends OutputsStore {
  /** Stores an event with its first boards; fails on a duplicate id or join code. */
  createEvent(event: EventRecord, boards: readonly BoardRecord[]): Promise<void>;
  getEvent(id: string): Promise<EventRecord | null>;
  /** Adds a board; with `maxBoards`, atomically refuses (BoardLimitError) when the event already holds that many. */
  addBoard(board: BoardRecord, maxBoards?: number): Promise<void>;
  getBoard(id: string): Promise<BoardRecord | null>;
  /** Boards of an event, oldest first. */
  listBoards(eventId: string): Promise<BoardRecord[]>;
  findBoardByJoinCode(code: string): Promise<BoardRecord | null>;
  /** Replaces an event's stored tokens (rotation, sealing an old record); false when there is no such event. */
  setTokens(eventId: string, tokens: StoredTokens): Promise<boolean>;
  /**
   * The server-wide secret stored under `name`, storing `fresh` first when there is none.
   * Atomic, first writer wins: every instance and every restart gets the same value.
   */
  serverSecret(name: string, fresh: string): Promise<string>;
  close(): Promise<void>;
}

export { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, normalizeJoinCode } from '../../src/lib/protocol/join-code.js';

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export class DuplicateError extends Error {
  override name = 'DuplicateError';
}

export class BoardLimitError extends Error {
  override name = 'BoardLimitError';
  constructor(readonly maxBoards: number) {
    super(`An event may hold at most ${maxBoards} boards`);
  }
}
