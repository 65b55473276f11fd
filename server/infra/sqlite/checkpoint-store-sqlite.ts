import type { SqliteDatabase } from './sqlite.js';
import type { CheckpointStore } from '../../outputs/history/checkpoint-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (
  board_id TEXT NOT NULL, at INTEGER NOT NULL, state BLOB NOT NULL, PRIMARY KEY (board_id, at)
);
`;

export function createSqliteCheckpointStore(options: { db: SqliteDatabase }): CheckpointStore {
  const { db } = options;
  db.exec(SCHEMA);
  const put = db.prepare('INSERT OR REPLACE INTO checkpoints (board_id, at, state) VALUES (?, ?, ?)');
  const list = db.prepare<[string], { at: number }>('SELECT at FROM checkpoints WHERE board_id = ? ORDER BY at');
  const get = db.prepare<[string, number], { state: Buffer }>('SELECT state FROM checkpoints WHERE board_id = ? AND at = ?');
  const remove = db.prepare('DELETE FROM checkpoints WHERE board_id = ? AND at = ?');
  const removeBoard = db.prepare('DELETE FROM checkpoints WHERE board_id = ?');
  return {
    async addCheckpoint(boardId, at, state) {
      put.run(boardId, at, Buffer.from(state));
    },
    async listCheckpoints(boardId) {
      return list.all(boardId).map((r) => r.at);
    },
    async getCheckpoint(boardId, at) {
      const row = get.get(boardId, at);
      return row ? new Uint8Array(row.state) : null;
    },
    async deleteCheckpoint(boardId, at) {
      remove.run(boardId, at);
    },
    async deleteBoardCheckpoints(boardId) {
      removeBoard.run(boardId);
    }
  };
}
