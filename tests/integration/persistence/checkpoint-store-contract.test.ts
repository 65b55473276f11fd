/**
 * The CheckpointStore contract (C1–C3), run against every implementation: memory, SQLite and
 * Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCheckpointStore } from '../../../server/infra/memory/checkpoint-store-memory.js';
import { createRedisCheckpointStore } from '../../../server/infra/redis/checkpoint-store-redis.js';
import { createSqliteCheckpointStore } from '../../../server/infra/sqlite/checkpoint-store-sqlite.js';
import type { CheckpointStore } from '../../../server/outputs/history/checkpoint-store.js';
import { storeHarnesses, type Harness } from '../../helpers/store-harness.js';

const HARNESSES = storeHarnesses<CheckpointStore>({ memory: createMemoryCheckpointStore, sqlite: createSqliteCheckpointStore, redis: createRedisCheckpointStore });

for (const [name, makeHarness] of Object.entries(HARNESSES)) {
  describe(`CheckpointStore contract: ${name}`, () => {
    let harness: Harness<CheckpointStore>;
    let store: CheckpointStore;
    const make = async (): Promise<void> => {
      harness = makeHarness();
      store = await harness.open();
    };
    afterEach(() => harness.dispose());

    it('C1: keeps checkpoints per board by time, byte for byte', async () => {
      await make();
      await store.addCheckpoint('b1', 20, new Uint8Array([2, 0, 255]));
      await store.addCheckpoint('b1', 10, new Uint8Array([1]));
      await store.addCheckpoint('b2', 5, new Uint8Array([9]));
      expect(await store.listCheckpoints('b1')).toEqual([10, 20]);
      expect(await store.getCheckpoint('b1', 20)).toEqual(new Uint8Array([2, 0, 255]));
      expect(await store.getCheckpoint('b1', 15)).toBeNull();
      await store.deleteCheckpoint('b1', 10);
      expect(await store.listCheckpoints('b1')).toEqual([20]);
      expect(await store.listCheckpoints('b2')).toEqual([5]);
    });

    it('C2: deleteBoardCheckpoints removes every checkpoint of the board, and nothing of another board', async () => {
      await make();
      await store.addCheckpoint('b1', 10, new Uint8Array([1]));
      await store.addCheckpoint('b1', 20, new Uint8Array([2]));
      await store.addCheckpoint('b2', 5, new Uint8Array([9]));
      await store.deleteBoardCheckpoints('b1');
      expect(await store.listCheckpoints('b1')).toEqual([]);
      expect(await store.getCheckpoint('b1', 20)).toBeNull();
      expect(await store.listCheckpoints('b2')).toEqual([5]);
      await store.deleteBoardCheckpoints('b1');
    });

    it('C3: durable stores keep checkpoints across a reopen', async () => {
      await make();
      if (!harness.reopen) return expect(name).toBe('memory');
      await store.addCheckpoint('b1', 10, new Uint8Array([1, 2, 3]));
      expect(await (await harness.reopen()).getCheckpoint('b1', 10)).toEqual(new Uint8Array([1, 2, 3]));
    });
  });
}
