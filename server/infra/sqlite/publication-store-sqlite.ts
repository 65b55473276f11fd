import type { SqliteDatabase } from './sqlite.js';
import type { PublicationStore } from '../../outputs/publication-store.js';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS outputs_published (event_id TEXT PRIMARY KEY, published_at INTEGER NOT NULL);';

export function createSqlitePublicationStore(options: { db: SqliteDatabase }): PublicationStore {
  const { db } = options;
  db.exec(SCHEMA);
  const select = db.prepare<[string], { published_at: number }>('SELECT published_at FROM outputs_published WHERE event_id = ?');
  const put = db.prepare('INSERT INTO outputs_published (event_id, published_at) VALUES (?, ?) ON CONFLICT(event_id) DO UPDATE SET published_at = excluded.published_at');
  const remove = db.prepare('DELETE FROM outputs_published WHERE event_id = ?');
  return {
    async getOutputsPublished(eventId) {
      return select.get(eventId)?.published_at ?? null;
    },
    async setOutputsPublished(eventId, at) {
      if (at === null) remove.run(eventId);
      else put.run(eventId, at);
    }
  };
}
