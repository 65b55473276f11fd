/**
 * The event metadata port: events, their boards, role tokens, join codes, privacy settings and
 * the server's own secrets. What an event's outputs hold has ports of its own (materials,
 * publication, history checkpoints). Memory, SQLite and Redis twins sit in server/infra.
 */
import { randomInt } from 'node:crypto';
import type { TemplateId, TemplateLang } from '../../src/lib/board/templates.js';
import type { BoardKind } from '../../src/lib/protocol/api.js';
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../src/lib/protocol/join-code.js';
import type { StoredTokens } from './tokens.js';

export type { StoredTokens };

/** The retention end a store indexes an event by (the policy: ./retention/policy.ts). */
export { retentionOf } from './retention/policy.js';

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
  /** Epoch ms when everything of the event is erased (docs/privacy.md §6); absent in records from before: see retentionOf. */
  retentionUntil?: number;
  /** Whom to ask about personal data (the organiser's contact), shown in the privacy notice; absent = none given. */
  privacyContact?: string;
}

/** What the moderator may change of an event's privacy settings. */
export interface EventPrivacyPatch {
  retentionUntil?: number;
  privacyContact?: string;
}

export interface BoardRecord {
  id: string;
  eventId: string;
  kind: BoardKind;
  title: string;
  joinCode: string;
  createdAt: number;
}

export interface EventStore {
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
  /** Changes the event's retention end or privacy contact; the updated record, or null when there is no such event. */
  setPrivacy(eventId: string, patch: EventPrivacyPatch): Promise<EventRecord | null>;
  /** Ids of events whose retention ended by `now`, earliest first, at most `limit` (an index: no scan of every event). */
  expiredEvents(now: number, limit: number): Promise<string[]>;
  /**
   * Deletes the event's own records: the event (its tokens), its boards and join codes. The
   * purge deletes what the other stores hold of it (server/events/retention/purge.ts).
   */
  deleteEvent(eventId: string): Promise<void>;
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
