/**
 * Participation counters in SQLite: one row per board (peak, device count, public switch), a
 * ring of MAX_BUCKETS rows per board keyed by slot, and the board's device hashes (for the
 * distinct count only; never read back).
 */
import type { SqliteDatabase } from './sqlite.js';
import { MAX_DEVICES, slotOf, type ParticipationStore } from '../../outputs/participation/participation-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS participation (board_id TEXT PRIMARY KEY, peak INTEGER NOT NULL DEFAULT 0, devices INTEGER NOT NULL DEFAULT 0, public INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS participation_buckets (board_id TEXT NOT NULL, slot INTEGER NOT NULL, bucket INTEGER NOT NULL, reactions INTEGER NOT NULL, ballots INTEGER NOT NULL, PRIMARY KEY (board_id, slot)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS participation_devices (board_id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (board_id, hash)) WITHOUT ROWID;`;

// A newer bucket replaces the slot's counts, the same one adds to them, an older one changes nothing.
const ADD_BUCKET = `INSERT INTO participation_buckets (board_id, slot, bucket, reactions, ballots) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(board_id, slot) DO UPDATE SET
  reactions = CASE WHEN excluded.bucket = bucket THEN reactions + excluded.reactions WHEN excluded.bucket > bucket THEN excluded.reactions ELSE reactions END,
  ballots = CASE WHEN excluded.bucket = bucket THEN ballots + excluded.ballots WHEN excluded.bucket > bucket THEN excluded.ballots ELSE ballots END,
  bucket = MAX(bucket, excluded.bucket)`;

export function createSqliteParticipationStore(options: { db: SqliteDatabase }): ParticipationStore {
  const { db } = options;
  db.exec(SCHEMA);
  const ensure = db.prepare('INSERT INTO participation (board_id) VALUES (?) ON CONFLICT(board_id) DO NOTHING');
  const raise = db.prepare('UPDATE participation SET peak = MAX(peak, ?) WHERE board_id = ?');
  const addBucket = db.prepare(ADD_BUCKET);
  const deviceCount = db.prepare<[string], { devices: number }>('SELECT devices FROM participation WHERE board_id = ?');
  const addDevice = db.prepare('INSERT OR IGNORE INTO participation_devices (board_id, hash) VALUES (?, ?)');
  const countDevices = db.prepare('UPDATE participation SET devices = devices + ? WHERE board_id = ?');
  const row = db.prepare<[string], { peak: number; devices: number; public: number }>('SELECT peak, devices, public FROM participation WHERE board_id = ?');
  const buckets = db.prepare<[string], { bucket: number; reactions: number; ballots: number }>(
    'SELECT bucket, reactions, ballots FROM participation_buckets WHERE board_id = ? ORDER BY bucket'
  );
  const setPublic = db.prepare('UPDATE participation SET public = ? WHERE board_id = ?');
  const removers = ['participation', 'participation_buckets', 'participation_devices'].map((t) => db.prepare(`DELETE FROM ${t} WHERE board_id = ?`));

  const add = db.transaction((boardId: string, delta: Parameters<ParticipationStore['add']>[1]) => {
    ensure.run(boardId);
    if (delta.peak > 0) raise.run(delta.peak, boardId);
    for (const b of delta.buckets) addBucket.run(boardId, slotOf(b.bucket), b.bucket, b.reactions, b.ballots);
    let room = MAX_DEVICES - (deviceCount.get(boardId)?.devices ?? 0);
    let added = 0;
    for (const hash of delta.devices) {
      if (room <= 0) break;
      const { changes } = addDevice.run(boardId, hash);
      added += changes;
      room -= changes;
    }
    if (added > 0) countDevices.run(added, boardId);
  });

  return {
    async add(boardId, delta) {
      add(boardId, delta);
    },
    async read(boardId) {
      const r = row.get(boardId);
      return { peak: r?.peak ?? 0, devices: r?.devices ?? 0, public: r?.public === 1, buckets: buckets.all(boardId) };
    },
    async setPublic(boardId, on) {
      ensure.run(boardId);
      setPublic.run(on ? 1 : 0, boardId);
    },
    async deleteBoard(boardId) {
      db.transaction(() => removers.forEach((s) => s.run(boardId)))();
    }
  };
}
