/**
 * The PublicationStore contract (P1–P2), run against every implementation: memory, SQLite and
 * Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPublicationStore } from '../../../server/infra/memory/publication-store-memory.js';
import { createRedisPublicationStore } from '../../../server/infra/redis/publication-store-redis.js';
import { createSqlitePublicationStore } from '../../../server/infra/sqlite/publication-store-sqlite.js';
import type { PublicationStore } from '../../../server/outputs/publication-store.js';
import { storeHarnesses, type Harness } from '../../helpers/store-harness.js';

const HARNESSES = storeHarnesses<PublicationStore>({ memory: createMemoryPublicationStore, sqlite: createSqlitePublicationStore, redis: createRedisPublicationStore });

for (const [name, makeHarness] of Object.entries(HARNESSES)) {
  describe(`PublicationStore contract: ${name}`, () => {
    let harness: Harness<PublicationStore>;
    let store: PublicationStore;
    const make = async (): Promise<void> => {
      harness = makeHarness();
      store = await harness.open();
    };
    afterEach(() => harness.dispose());

    it('P1: publishes and unpublishes outputs', async () => {
      await make();
      expect(await store.getOutputsPublished('e1')).toBeNull();
      await store.setOutputsPublished('e1', 1234);
      expect(await store.getOutputsPublished('e1')).toBe(1234);
      expect(await store.getOutputsPublished('e2')).toBeNull();
      await store.setOutputsPublished('e1', null);
      expect(await store.getOutputsPublished('e1')).toBeNull();
    });

    it('P2: durable stores keep the publication across a reopen', async () => {
      await make();
      if (!harness.reopen) return expect(name).toBe('memory');
      await store.setOutputsPublished('e1', 1234);
      expect(await (await harness.reopen()).getOutputsPublished('e1')).toBe(1234);
    });
  });
}
