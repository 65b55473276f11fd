import type { BoardKind } from '../../../src/lib/protocol/api.js';
import type { StoredTokens } from '../../events/tokens.js';
import { BoardLimitError, DuplicateError, type BoardRecord, type EventRecord, type EventStore } from '../../events/event-store.js';
import { createSqliteOutputsStore } from './outputs-store-sqlite.js';
import { scrubSqlite, type SqliteDatabase } from './sqlite.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, place TEXT NOT NULL,
  created_at INTEGER NOT NULL, template TEXT NOT NULL, lang TEXT NOT NULL, tokens TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), kind TEXT NOT NULL,
  title TEXT NOT NULL, join_code TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS boards_event ON boards(event_id, created_at);
CREATE TABLE IF NOT EXISTS server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

interface EventRow {
  id: string;
  title: string;
  date: string;
  place: string;
  created_at: number;
  template: string;
  lang: string;
  tokens: string;
}

interface BoardRow {
  id: string;
  event_id: string;
  kind: string;
  title: string;
  join_code: string;
  created_at: number;
}

const toEvent = (r: EventRow): EventRecord => ({
  id: r.id,
  title: r.title,
  date: r.date,
  place: r.place,
  createdAt: r.created_at,
  template: r.template === 'blank' ? 'blank' : 'integration',
  lang: r.lang === 'en' ? 'en' : 'cs',
  tokens: JSON.parse(r.tokens) as StoredTokens
});

const toBoard = (r: BoardRow): BoardRecord => ({
  id: r.id,
  eventId: r.event_id,
  kind: r.kind as BoardKind,
  title: r.title,
  joinCode: r.join_code,
  createdAt: r.created_at
});

function isConstraintError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && String((err as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT');
}

export function createSqliteEventStore(options: { db: SqliteDatabase }): EventStore {
  const { db } = options;
  db.exec(SCHEMA);
  const insertEvent = db.prepare('INSERT INTO events (id, title, date, place, created_at, template, lang, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertBoard = db.prepare('INSERT INTO boards (id, event_id, kind, title, join_code, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const selectEvent = db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ?');
  const selectBoard = db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?');
  const selectBoards = db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE event_id = ? ORDER BY created_at, rowid');
  const selectByCode = db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE join_code = ?');
  const updateTokens = db.prepare('UPDATE events SET tokens = ? WHERE id = ?');
  const insertSecret = db.prepare('INSERT OR IGNORE INTO server_secrets (name, value) VALUES (?, ?)');
  const selectSecret = db.prepare<[string], { value: string }>('SELECT value FROM server_secrets WHERE name = ?');
  const countBoards = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM boards WHERE event_id = ?');
  const addCapped = db.transaction((b: BoardRecord, maxBoards: number) => {
    if (countBoards.get(b.eventId)!.n >= maxBoards) throw new BoardLimitError(maxBoards);
    addBoardRow(b);
  });
  const addBoardRow = (b: BoardRecord): void => {
    insertBoard.run(b.id, b.eventId, b.kind, b.title, b.joinCode, b.createdAt);
  };
  const create = db.transaction((event: EventRecord, boards: readonly BoardRecord[]) => {
    insertEvent.run(event.id, event.title, event.date, event.place, event.createdAt, event.template, event.lang, JSON.stringify(event.tokens));
    for (const b of boards) addBoardRow(b);
  });

  const guarded = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (isConstraintError(err)) throw new DuplicateError('Duplicate id or join code');
      throw err;
    }
  };

  return {
    ...createSqliteOutputsStore({ db }),
    async createEvent(event, boards) {
      guarded(() => create(event, boards));
    },
    async getEvent(id) {
      const row = selectEvent.get(id);
      return row ? toEvent(row) : null;
    },
    async addBoard(board, maxBoards = Infinity) {
      if (!selectEvent.get(board.eventId)) throw new Error(`No event ${board.eventId}`);
      guarded(() => addCapped.immediate(board, maxBoards));
    },
    async getBoard(id) {
      const row = selectBoard.get(id);
      return row ? toBoard(row) : null;
    },
    async listBoards(eventId) {
      return selectBoards.all(eventId).map(toBoard);
    },
    async setTokens(eventId, tokens) {
      const changed = updateTokens.run(JSON.stringify(tokens), eventId).changes > 0;
      // Sealing an old record replaces raw tokens: push the old row version out of the WAL too
      // (secure_delete zeroes the rest). Rotations and sealing are rare; the checkpoint is cheap.
      if (changed) scrubSqlite(db);
      return changed;
    },
    async serverSecret(name, fresh) {
      insertSecret.run(name, fresh);
      return (selectSecret.get(name) as { value: string }).value;
    },
    async findBoardByJoinCode(code) {
      const row = selectByCode.get(code);
      return row ? toBoard(row) : null;
    },
    async close() {}
  };
}
