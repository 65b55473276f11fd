import type { SqliteDatabase } from './sqlite.js';
import type { MaterialRecord, MaterialStore, QuotaRequest, QuotaVerdict } from '../../outputs/materials/material-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS materials (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
  mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, ord REAL NOT NULL, uploaded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS materials_event ON materials(event_id);
CREATE TABLE IF NOT EXISTS material_reservations (
  id TEXT PRIMARY KEY, event_id TEXT NOT NULL, bytes INTEGER NOT NULL, expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS material_reservations_event ON material_reservations(event_id);
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
  blob: string | null;
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
  uploadedAt: r.uploaded_at,
  ...(r.blob === null ? {} : { blob: r.blob })
});

export function createSqliteMaterialStore(options: { db: SqliteDatabase }): MaterialStore {
  const { db } = options;
  db.exec(SCHEMA);
  // Databases from before the blob store: their files keep the content-addressed layout (blobOf).
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('materials')").all();
  if (!columns.some((c) => c.name === 'blob')) db.exec('ALTER TABLE materials ADD COLUMN blob TEXT');
  const insert = db.prepare('INSERT INTO materials (id, event_id, name, description, mime, size, sha256, ord, uploaded_at, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const usedBytes = db.prepare<[string], { n: number }>('SELECT COALESCE(SUM(size), 0) AS n FROM materials WHERE event_id = ?');
  const heldBytes = db.prepare<[string], { n: number }>('SELECT COALESCE(SUM(bytes), 0) AS n FROM material_reservations WHERE event_id = ?');
  const dropExpired = db.prepare('DELETE FROM material_reservations WHERE event_id = ? AND expires_at < ?');
  const hold = db.prepare('INSERT INTO material_reservations (id, event_id, bytes, expires_at) VALUES (?, ?, ?, ?)');
  const unhold = db.prepare('DELETE FROM material_reservations WHERE id = ?');
  // IMMEDIATE: the write lock is taken before the sums are read, so two processes on one file
  // cannot both see the same room.
  const reserve = db.transaction((r: QuotaRequest): QuotaVerdict => {
    dropExpired.run(r.eventId, r.now);
    const used = usedBytes.get(r.eventId)!.n + heldBytes.get(r.eventId)!.n;
    if (used + r.bytes > r.maxBytes) return { ok: false, room: Math.max(0, r.maxBytes - used) };
    hold.run(r.reservationId, r.eventId, r.bytes, r.expiresAt);
    return { ok: true };
  });
  const add = db.transaction((m: MaterialRecord, reservationId: string | undefined) => {
    insert.run(m.id, m.eventId, m.name, m.description, m.mime, m.size, m.sha256, m.order, m.uploadedAt, m.blob ?? null);
    if (reservationId) unhold.run(reservationId);
  });
  const select = db.prepare<[string], MaterialRow>('SELECT * FROM materials WHERE id = ?');
  const selectEvent = db.prepare<[string], MaterialRow>('SELECT * FROM materials WHERE event_id = ? ORDER BY ord, uploaded_at, id');
  const update = db.prepare('UPDATE materials SET name = ?, description = ?, ord = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM materials WHERE id = ?');
  const delEvent = db.transaction((eventId: string) => {
    db.prepare('DELETE FROM materials WHERE event_id = ?').run(eventId);
    db.prepare('DELETE FROM material_reservations WHERE event_id = ?').run(eventId);
  });

  return {
    async reserveMaterialBytes(r) {
      return reserve.immediate(r);
    },
    async releaseMaterialBytes(_eventId, reservationId) {
      unhold.run(reservationId);
    },
    async addMaterial(m, reservationId) {
      add(m, reservationId);
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
    async deleteEventMaterials(eventId) {
      delEvent(eventId);
    }
  };
}
