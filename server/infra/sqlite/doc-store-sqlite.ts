import type { DocStore } from '../../sync/doc-store.js';
import { scrubSqlite, type SqliteDatabase } from './sqlite.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS doc_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_doc ON doc_updates(doc, seq);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  doc TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL
);
`;

interface Row {
  seq: number;
  data: Buffer;
}

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function createSqliteDocStore(options: { db: SqliteDatabase }): DocStore {
  const { db } = options;
  db.exec(SCHEMA);
  const selectSnapshot = db.prepare<[string], Row>('SELECT seq, data FROM doc_snapshots WHERE doc = ?');
  const selectLog = db.prepare<[string, number], Row>('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq');
  const insert = db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
  const upsertSnapshot = db.prepare(
    'INSERT INTO doc_snapshots (doc, seq, data) VALUES (?, ?, ?) ON CONFLICT(doc) DO UPDATE SET seq = excluded.seq, data = excluded.data WHERE excluded.seq >= doc_snapshots.seq'
  );
  const deleteLog = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
  const deleteAllLog = db.prepare('DELETE FROM doc_updates WHERE doc = ?');
  const deleteSnapshot = db.prepare('DELETE FROM doc_snapshots WHERE doc = ?');
  const load = db.transaction((docName: string) => {
    const snapshot = selectSnapshot.get(docName);
    const log = selectLog.all(docName, snapshot?.seq ?? 0);
    return { snapshot, log };
  });
  const compact = db.transaction((docName: string, snapshot: Uint8Array, upToSeq: number) => {
    upsertSnapshot.run(docName, upToSeq, snapshot);
    deleteLog.run(docName, upToSeq);
  });
  const remove = db.transaction((docName: string) => {
    deleteAllLog.run(docName);
    deleteSnapshot.run(docName);
  });

  return {
    async load(docName) {
      const { snapshot, log } = load(docName);
      const updates = [...(snapshot ? [bytes(snapshot.data)] : []), ...log.map((r) => bytes(r.data))];
      return { updates, seq: log.at(-1)?.seq ?? snapshot?.seq ?? 0, logLength: log.length };
    },
    async append(docName, update) {
      return Number(insert.run(docName, update).lastInsertRowid);
    },
    async compact(docName, snapshot, upToSeq) {
      compact(docName, snapshot, upToSeq);
    },
    async delete(docName) {
      remove(docName);
    },
    async scrub() {
      if (!scrubSqlite(db)) throw new Error('WAL checkpoint blocked by a reader; the WAL may still hold old pages');
    },
    async close() {}
  };
}
