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
  // A new database frees pages in slices (vacuumSqlite). Only takes on an empty file, so before
  // WAL mode (which writes the header) and the first table.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  return db;
}

/** Pages freed per slice of an incremental vacuum (4 KiB each): a few ms of work per turn of the event loop. */
const VACUUM_SLICE_PAGES = 256;

/**
 * Returns the free pages to the file system after a purge (docs/privacy.md §6); secure_delete
 * has already zeroed them. A database in incremental auto-vacuum mode (every one created since)
 * is shrunk in slices of a few ms, the event loop turning in between. A full VACUUM would hold
 * the event loop for seconds (10 s for 80 MB here), so a database from before keeps its zeroed
 * free pages (`{ sliced: false }`; an offline `VACUUM` switches it). Then the WAL is truncated.
 */
export async function vacuumSqlite(db: SqliteDatabase): Promise<{ sliced: boolean }> {
  const sliced = (db.pragma('auto_vacuum', { simple: true }) as number) === 2;
  while (sliced && (db.pragma('freelist_count', { simple: true }) as number) > 0) {
    db.pragma(`incremental_vacuum(${VACUUM_SLICE_PAGES})`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!scrubSqlite(db)) throw new Error('WAL checkpoint blocked by a reader; the WAL may still hold old pages');
  return { sliced };
}

/**
 * Copies every WAL frame into the database and truncates the WAL to zero bytes, so old page
 * versions (which may hold erased text) leave the WAL file. False when a reader kept it busy.
 */
export function scrubSqlite(db: SqliteDatabase): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
  return result?.busy === 0;
}
