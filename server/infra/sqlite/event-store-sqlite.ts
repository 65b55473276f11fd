import type { BoardKind } from '../../../src/lib/protocol/api.js';
import { BoardLimitError, DuplicateError, retentionOf, type BoardRecord, type EventRecord, type EventStore, type StoredTokens } from '../../events/event-store.js';
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
  retention_until: number | null;
  privacy_contact: string | null;
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
  tokens: JSON.parse(r.tokens) as StoredTokens,
  ...(r.retention_until === null ? {} : { retentionUntil: r.retention_until }),
  ...(r.privacy_contact === null ? {} : { privacyContact: r.privacy_contact })
});

/** Databases from before retention: add the columns, and give every event its default retention end (a few rows). */
function migrate(db: SqliteDatabase): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('events')").all();
  if (!columns.some((c) => c.name === 'privacy_contact')) db.exec('ALTER TABLE events ADD COLUMN privacy_contact TEXT');
  if (!columns.some((c) => c.name === 'retention_until')) {
    db.exec('ALTER TABLE events ADD COLUMN retention_until INTEGER');
    const set = db.prepare('UPDATE events SET retention_until = ? WHERE id = ?');
    for (const row of db.prepare<[], EventRow>('SELECT * FROM events').all()) set.run(retentionOf(toEvent(row)), row.id);
  }
  db.exec('CREATE INDEX IF NOT EXISTS events_retention ON events(retention_until)');
}

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
  migrate(db);
  const insertEvent = db.prepare(
    'INSERT INTO events (id, title, date, place, created_at, template, lang, tokens, retention_until, privacy_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  );
  const expired = db.prepare<[number, number], { id: string }>('SELECT id FROM events WHERE retention_until <= ? ORDER BY retention_until LIMIT ?');
  const updatePrivacy = db.prepare('UPDATE events SET retention_until = COALESCE(?, retention_until), privacy_contact = COALESCE(?, privacy_contact) WHERE id = ?');
  const removeEvent = db.transaction((eventId: string) => {
    db.prepare('DELETE FROM boards WHERE event_id = ?').run(eventId);
    db.prepare('DELETE FROM events WHERE id = ?').run(eventId);
  });
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
    insertEvent.run(
      event.id,
      event.title,
      event.date,
      event.place,
      event.createdAt,
      event.template,
      event.lang,
      JSON.stringify(event.tokens),
      retentionOf(event),
      event.privacyContact ?? null
    );
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
    async setPrivacy(eventId, patch) {
      if (updatePrivacy.run(patch.retentionUntil ?? null, patch.privacyContact ?? null, eventId).changes === 0) return null;
      const row = selectEvent.get(eventId);
      return row ? toEvent(row) : null;
    },
    async expiredEvents(now, limit) {
      return expired.all(now, limit).map((r) => r.id);
    },
    async deleteEvent(eventId) {
      removeEvent(eventId);
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
