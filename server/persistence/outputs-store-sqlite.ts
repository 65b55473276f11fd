import type { SqliteDatabase } from './sqlite.js';
import type { MaterialRecord, OutputsStore } from './outputs-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS materials (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
  mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, ord REAL NOT NULL, uploaded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS materials_event ON materials(event_id);
CREATE TABLE IF NOT EXISTS outputs_published (event_id TEXT PRIMARY KEY, published_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (
  board_id TEXT NOT NULL, at INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY (board_id, at)
);
`;

interface MaterialRow {
  id: string;
  event_id: string;
  name: string;
  description: string;
  mime: string;
  size: number;
  sha256: string;
  ord: number;
  uploaded_at: number;
}

const toMaterial = (r: MaterialRow): MaterialRecord => ({
  id: r.id,
  eventId: r.event_id,
  name: r.name,
  description: r.description,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  order: r.ord,
  uploadedAt: r.uploaded_at
});

export function createSqliteOutputsStore(options: { db: SqliteDatabase }): OutputsStore {
  const { db } = options;
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO materials (id, event_id, name, description, mime, size, sha256, ord, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const select = db.prepare<[string], MaterialRow>('SELECT * FROM materials WHERE id = ?');
  const selectEvent = db.prepare<[string], MaterialRow>('SELECT * FROM materials WHERE event_id = ? ORDER BY ord, uploaded_at, id');
  const update = db.prepare('UPDATE materials SET name = ?, description = ?, ord = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM materials WHERE id = ?');
  const getPublished = db.prepare<[string], { published_at: number }>('SELECT published_at FROM outputs_published WHERE event_id = ?');
  const putPublished = db.prepare('INSERT INTO outputs_published (event_id, published_at) VALUES (?, ?) ON CONFLICT(event_id) DO UPDATE SET published_at = excluded.published_at');
  const delPublished = db.prepare('DELETE FROM outputs_published WHERE event_id = ?');
  const putCheckpoint = db.prepare('INSERT OR REPLACE INTO checkpoints (board_id, at, state) VALUES (?, ?, ?)');
  const listCp = db.prepare<[string], { at: number }>('SELECT at FROM checkpoints WHERE board_id = ? ORDER BY at');
  const getCp = db.prepare<[string, number], { state: Buffer }>('SELECT state FROM checkpoints WHERE board_id = ? AND at = ?');
  const delCp = db.prepare('DELETE FROM checkpoints WHERE board_id = ? AND at = ?');

  return {
    async addMaterial(m) {
      insert.run(m.id, m.eventId, m.name, m.description, m.mime, m.size, m.sha256, m.order, m.uploadedAt);
    },
    async getMaterial(id) {
      const row = select.get(id);
      return row ? toMaterial(row) : null;
    },
    async listMaterials(eventId) {
      return selectEvent.all(eventId).map(toMaterial);
    },
    async updateMaterial(id, patch) {
      const row = select.get(id);
      if (!row) return null;
      const next = { ...toMaterial(row), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      update.run(next.name, next.description, next.order, id);
      return next;
    },
    async deleteMaterial(id) {
      return remove.run(id).changes > 0;
    },
    async getOutputsPublished(eventId) {
      return getPublished.get(eventId)?.published_at ?? null;
    },
    async setOutputsPublished(eventId, at) {
      if (at === null) delPublished.run(eventId);
      else putPublished.run(eventId, at);
    },
    async addCheckpoint(boardId, at, state) {
      putCheckpoint.run(boardId, at, Buffer.from(state));
    },
    async listCheckpoints(boardId) {
      return listCp.all(boardId).map((r) => r.at);
    },
    async getCheckpoint(boardId, at) {
      const row = getCp.get(boardId, at);
      return row ? new Uint8Array(row.state) : null;
    },
    async deleteCheckpoint(boardId, at) {
      delCp.run(boardId, at);
    }
  };
}
