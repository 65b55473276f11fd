/**
 * One contract for the outputs part of every EventStore (materials, publishing, checkpoints),
 * run against the memory, SQLite and Redis implementations.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '../../../server/events/event-store.js';
import { createMemoryEventStore } from '../../../server/infra/memory/event-store-memory.js';
import { createRedisEventStore } from '../../../server/infra/redis/event-store-redis.js';
import { createSqliteEventStore } from '../../../server/infra/sqlite/event-store-sqlite.js';
import type { MaterialRecord } from '../../../server/outputs/outputs-store.js';
import { openSqlite, type SqliteDatabase } from '../../../server/infra/sqlite/sqlite.js';
import { connectRedis, type RedisConnection } from '../../../server/infra/redis/connection.js';
import { redisKeys } from '../../../server/infra/redis/keys.js';
import { getTestRedis, runPrefix, type TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../../support/wait.js';

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

    it('reserves an event\'s material quota atomically: concurrent reservations never pass it', async () => {
      h = await make();
      await h.store.addMaterial(material('stored', 'e1', 1, { size: 100 }));
      const ask = (i: number) => h.store.reserveMaterialBytes({ eventId: 'e1', reservationId: `r${i}`, bytes: 300, maxBytes: 1000, expiresAt: 10_000, now: 1000 });
      const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i)));
      expect(verdicts.filter((v) => v.ok)).toHaveLength(3);
      expect(verdicts.find((v) => !v.ok)).toEqual({ ok: false, room: 0 });
      // Another event has its own quota.
      expect(await h.store.reserveMaterialBytes({ eventId: 'e2', reservationId: 'other', bytes: 1000, maxBytes: 1000, expiresAt: 10_000, now: 1000 })).toEqual({ ok: true });
    });

    it('ends a reservation when its material is stored or released, and forgets it once expired', async () => {
      h = await make();
      const ask = (id: string, bytes: number, now = 1000) => h.store.reserveMaterialBytes({ eventId: 'e1', reservationId: id, bytes, maxBytes: 1000, expiresAt: now + 5000, now });
      expect(await ask('a', 600)).toEqual({ ok: true });
      expect(await ask('b', 600)).toEqual({ ok: false, room: 400 });
      // Stored at its real size (smaller than reserved): the reservation goes in the same step.
      await h.store.addMaterial(material('ma', 'e1', 1, { size: 250 }), 'a');
      expect(await ask('b', 750)).toEqual({ ok: true });
      expect(await ask('c', 1)).toEqual({ ok: false, room: 0 });
      await h.store.releaseMaterialBytes('e1', 'b');
      expect(await ask('c', 750)).toEqual({ ok: true });
      // 'c' was never ended (its instance died): past its deadline it no longer counts.
      expect(await ask('d', 750, 7000)).toEqual({ ok: true });
      await h.store.releaseMaterialBytes('e1', 'd');
      expect(await h.store.deleteMaterial('ma')).toBe(true);
      expect(await ask('e', 1000, 7000)).toEqual({ ok: true });
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
