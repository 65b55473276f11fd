/**
 * Opens the embedded SQLite database under DATA_DIR (WAL mode). `secure_delete` zeroes deleted
 * rows and freed pages, so a compacted log entry or a replaced snapshot leaves no bytes behind
 * in the file (docs/redaction.md); the WAL is truncated by `scrubSqlite`.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type SqliteDatabase = Database.Database;

export function openSqlite(options: { dataDir: string; fileName?: string }): SqliteDatabase {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(join(options.dataDir, options.fileName ?? 'panel-board.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * Copies every WAL frame into the database and truncates the WAL to zero bytes, so old page
 * versions (which may hold erased text) leave the WAL file. False when a reader kept it busy.
 */
export function scrubSqlite(db: SqliteDatabase): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  return result?.busy === 0;
}
