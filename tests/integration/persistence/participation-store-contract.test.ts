/**
 * The ParticipationStore contract (PS1–PS5, server/outputs/participation/participation-store.ts),
 * run against every implementation: memory, SQLite and Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryParticipationStore } from '../../../server/infra/memory/participation-store-memory.js';
import { createRedisParticipationStore } from '../../../server/infra/redis/participation-store-redis.js';
import { createSqliteParticipationStore } from '../../../server/infra/sqlite/participation-store-sqlite.js';
import { MAX_BUCKETS, MAX_DEVICES, type ParticipationStore } from '../../../server/outputs/participation/participation-store.js';
import { storeHarnesses, type Harness } from '../../helpers/store-harness.js';

const HARNESSES = storeHarnesses<ParticipationStore>({
  memory: createMemoryParticipationStore,
  sqlite: createSqliteParticipationStore,
  redis: createRedisParticipationStore
});
const none = { buckets: [], peak: 0, devices: [] };

for (const [name, makeHarness] of Object.entries(HARNESSES)) {
  describe(`ParticipationStore contract: ${name}`, () => {
    let harness: Harness<ParticipationStore>;
    let store: ParticipationStore;
    const make = async (): Promise<void> => {
      harness = makeHarness();
      store = await harness.open();
    };
    afterEach(() => harness.dispose());

    it('PS1: sums per bucket; the ring keeps MAX_BUCKETS, a newer bucket replaces the slot, an older one is dropped', async () => {
      await make();
      expect(await store.read('b1')).toEqual({ peak: 0, devices: 0, buckets: [], public: false });
      await store.add('b1', { ...none, buckets: [{ bucket: 1000, reactions: 2, ballots: 1 }] });
      await store.add('b1', {
        ...none,
        buckets: [
          { bucket: 1000, reactions: 3, ballots: 0 },
          { bucket: 1001, reactions: 0, ballots: 4 }
        ]
      });
      expect((await store.read('b1')).buckets).toEqual([
        { bucket: 1000, reactions: 5, ballots: 1 },
        { bucket: 1001, reactions: 0, ballots: 4 }
      ]);
      await store.add('b1', { ...none, buckets: [{ bucket: 1000 + MAX_BUCKETS, reactions: 7, ballots: 0 }] });
      await store.add('b1', { ...none, buckets: [{ bucket: 1000, reactions: 9, ballots: 9 }] });
      expect((await store.read('b1')).buckets).toEqual([
        { bucket: 1001, reactions: 0, ballots: 4 },
        { bucket: 1000 + MAX_BUCKETS, reactions: 7, ballots: 0 }
      ]);
      expect((await store.read('b2')).buckets).toEqual([]);
    });

    it('PS2: the peak only rises, also under concurrent writers', async () => {
      await make();
      await Promise.all([5, 9, 3, 7].map((peak) => store.add('b1', { ...none, peak })));
      await store.add('b1', { ...none, peak: 2 });
      expect((await store.read('b1')).peak).toBe(9);
    });

    it('PS3: each device counts once, and at most MAX_DEVICES per board', async () => {
      await make();
      await store.add('b1', { ...none, devices: ['d1', 'd2'] });
      await store.add('b1', { ...none, devices: ['d2', 'd3'] });
      expect((await store.read('b1')).devices).toBe(3);
      expect((await store.read('b2')).devices).toBe(0);
      const many = Array.from({ length: MAX_DEVICES + 10 }, (_, i) => `x${i}`);
      await store.add('b3', { ...none, devices: many });
      expect((await store.read('b3')).devices).toBe(MAX_DEVICES);
    });

    it('PS4: the public switch is per board; deleteBoard removes everything of it', async () => {
      await make();
      await store.setPublic('b1', true);
      expect((await store.read('b1')).public).toBe(true);
      expect((await store.read('b2')).public).toBe(false);
      await store.add('b1', { peak: 4, devices: ['d1'], buckets: [{ bucket: 1, reactions: 1, ballots: 1 }] });
      await store.deleteBoard('b1');
      expect(await store.read('b1')).toEqual({ peak: 0, devices: 0, buckets: [], public: false });
    });

    it('PS5: durable stores keep the counters across a reopen', async () => {
      await make();
      if (!harness.reopen) return expect(name).toBe('memory');
      await store.add('b1', { peak: 4, devices: ['d1', 'd2'], buckets: [{ bucket: 5, reactions: 1, ballots: 2 }] });
      await store.setPublic('b1', true);
      expect(await (await harness.reopen()).read('b1')).toEqual({ peak: 4, devices: 2, public: true, buckets: [{ bucket: 5, reactions: 1, ballots: 2 }] });
    });
  });
}
