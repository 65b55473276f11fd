/** History checkpoints in Redis: one hash per board, checkpoint time → state. */
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import type { CheckpointStore } from '../../outputs/history/checkpoint-store.js';

export function createRedisCheckpointStore(options: { redis: RedisConnection; keys: RedisKeys }): CheckpointStore {
  const { keys } = options;
  const client = options.redis.client;
  return {
    async addCheckpoint(boardId, at, update) {
      await client.hSet(keys.checkpoints(boardId), String(at), Buffer.from(update));
    },
    async listCheckpoints(boardId) {
      const fields = await client.hKeys(keys.checkpoints(boardId));
      return fields.map((f) => Number(f.toString())).sort((a, b) => a - b);
    },
    async getCheckpoint(boardId, at) {
      const raw = await client.hGet(keys.checkpoints(boardId), String(at));
      return raw ? new Uint8Array(raw as Buffer) : null;
    },
    async deleteCheckpoint(boardId, at) {
      await client.hDel(keys.checkpoints(boardId), String(at));
    },
    async deleteBoardCheckpoints(boardId) {
      // UNLINK: a big checkpoint hash is freed off Redis's main thread. The checkpoint lock and
      // floor go too: a rewrite still running on another instance then writes nothing more (its
      // writes are fenced by the lock's token).
      await client.unlink([keys.checkpoints(boardId), keys.checkpointLock(boardId), keys.checkpointFloor(boardId)]);
    }
  };
}
