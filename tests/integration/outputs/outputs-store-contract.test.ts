/**
 * One contract for the outputs part of every EventStore (materials, publishing, checkpoints),
 * run against the memory, SQLite and Redis implementations.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../../server/persistence/event-store.js';
import { createMemoryEventStore } from '../../../server/persistence/event-store-memory.js';
import { createRedisEventStore } from '../../../server/persistence/event-store-redis.js';
import { createSqliteEventStore } from '../../../server/persistence/event-store-sqlite.js';
import type { MaterialRecord } from '../../../server/persistence/outputs-store.js';
import { openSqlite, type SqliteDatabase } from '../../../server/persistence/sqlite.js';
import { connectRedis, type RedisConnection } from '../../../server/redis/connection.js';
import { redisKeys } from '../../../server/redis/keys.js';
import { getTestRedis, runPrefix, type TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../helpers/wait.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await getTestRedis();
});
afterAll(() => redis?.stop());

interface Harness {
  store: EventStore;
  dispose(): Promise<void>;
}

const HARNESSES: Record<string, () => Promise<Harness>> = {
  memory: async () => ({ store: createMemoryEventStore(), dispose: async () => undefined }),
  sqlite: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pb-outputs-'));
    const db: SqliteDatabase = openSqlite({ dataDir: dir });
    return {
      store: createSqliteEventStore({ db }),
      dispose: async () => {
        db.close();
        await rm(dir, { recursive: true, force: true });
      }
    };
  },
  redis: async () => {
    const conn: RedisConnection = connectRedis({ url: redis.url, name: 'outputs-contract', logger: pino({ level: 'silent' }) });
    await waitFor(() => conn.status() === 'ready', 'redis to connect');
    const prefix = runPrefix('outputs');
    return {
      store: createRedisEventStore({ redis: conn, keys: redisKeys(prefix) }),
      dispose: async () => {
        const keys = (await conn.client.keys(`${prefix}*`)).map((k) => k.toString());
        if (keys.length > 0) await conn.client.del(keys);
        await conn.close();
      }
    };
  }
};

const material = (id: string, eventId: string, order: number, extra: Partial<MaterialRecord> = {}): MaterialRecord => ({
  id,
  eventId,
  name: `${id}.pdf`,
  description: 'Popis – řeč',
  mime: 'application/pdf',
  size: 100,
  sha256: 'a'.repeat(64),
  order,
  uploadedAt: 1000 + order,
  ...extra
});

for (const [name, make] of Object.entries(HARNESSES)) {
  describe(`OutputsStore contract: ${name}`, () => {
    let h: Harness;
    afterEach(() => h.dispose());

    it('adds, lists by order, updates and deletes materials per event', async () => {
      h = await make();
      await h.store.addMaterial(material('m2', 'e1', 2));
      await h.store.addMaterial(material('m1', 'e1', 1));
      await h.store.addMaterial(material('x', 'e2', 1));
      expect((await h.store.listMaterials('e1')).map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(await h.store.getMaterial('m1')).toEqual(material('m1', 'e1', 1));
      const updated = await h.store.updateMaterial('m1', { name: 'Nový název.pdf', order: 3 });
      expect(updated).toEqual(material('m1', 'e1', 1, { name: 'Nový název.pdf', order: 3 }));
      expect((await h.store.listMaterials('e1')).map((m) => m.id)).toEqual(['m2', 'm1']);
      expect(await h.store.updateMaterial('nope', { name: 'x' })).toBeNull();
      expect(await h.store.deleteMaterial('m2')).toBe(true);
      expect(await h.store.deleteMaterial('m2')).toBe(false);
      expect((await h.store.listMaterials('e1')).map((m) => m.id)).toEqual(['m1']);
      expect(await h.store.getMaterial('m2')).toBeNull();
    });

    it('publishes and unpublishes outputs', async () => {
      h = await make();
      expect(await h.store.getOutputsPublished('e1')).toBeNull();
      await h.store.setOutputsPublished('e1', 1234);
      expect(await h.store.getOutputsPublished('e1')).toBe(1234);
      expect(await h.store.getOutputsPublished('e2')).toBeNull();
      await h.store.setOutputsPublished('e1', null);
      expect(await h.store.getOutputsPublished('e1')).toBeNull();
    });

    it('keeps checkpoints per board by time, byte for byte', async () => {
      h = await make();
      await h.store.addCheckpoint('b1', 20, new Uint8Array([2, 0, 255]));
      await h.store.addCheckpoint('b1', 10, new Uint8Array([1]));
      await h.store.addCheckpoint('b2', 5, new Uint8Array([9]));
      expect(await h.store.listCheckpoints('b1')).toEqual([10, 20]);
      expect(await h.store.getCheckpoint('b1', 20)).toEqual(new Uint8Array([2, 0, 255]));
      expect(await h.store.getCheckpoint('b1', 15)).toBeNull();
      await h.store.deleteCheckpoint('b1', 10);
      expect(await h.store.listCheckpoints('b1')).toEqual([20]);
      expect(await h.store.listCheckpoints('b2')).toEqual([5]);
    });
  });
}
