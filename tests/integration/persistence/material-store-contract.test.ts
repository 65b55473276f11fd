/**
 * The MaterialStore contract (M1–M4: records, the quota's reservations, an event's deletion),
 * run against every implementation: memory, SQLite and Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryMaterialStore } from '../../../server/infra/memory/material-store-memory.js';
import { createRedisMaterialStore } from '../../../server/infra/redis/material-store-redis.js';
import { createSqliteMaterialStore } from '../../../server/infra/sqlite/material-store-sqlite.js';
import type { MaterialRecord, MaterialStore } from '../../../server/outputs/materials/material-store.js';
import { storeHarnesses, type Harness } from '../../helpers/store-harness.js';

const HARNESSES = storeHarnesses<MaterialStore>({ memory: createMemoryMaterialStore, sqlite: createSqliteMaterialStore, redis: createRedisMaterialStore });

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

for (const [name, makeHarness] of Object.entries(HARNESSES)) {
  describe(`MaterialStore contract: ${name}`, () => {
    let harness: Harness<MaterialStore>;
    let store: MaterialStore;
    const make = async (): Promise<void> => {
      harness = makeHarness();
      store = await harness.open();
    };
    afterEach(() => harness.dispose());

    it('M1: adds, lists by order, updates and deletes materials per event', async () => {
      await make();
      await store.addMaterial(material('m2', 'e1', 2));
      await store.addMaterial(material('m1', 'e1', 1));
      await store.addMaterial(material('x', 'e2', 1));
      expect((await store.listMaterials('e1')).map((m) => m.id)).toEqual(['m1', 'm2']);
      expect(await store.getMaterial('m1')).toEqual(material('m1', 'e1', 1));
      const updated = await store.updateMaterial('m1', { name: 'Nový název.pdf', order: 3 });
      expect(updated).toEqual(material('m1', 'e1', 1, { name: 'Nový název.pdf', order: 3 }));
      expect((await store.listMaterials('e1')).map((m) => m.id)).toEqual(['m2', 'm1']);
      expect(await store.updateMaterial('nope', { name: 'x' })).toBeNull();
      expect(await store.deleteMaterial('m2')).toBe(true);
      expect(await store.deleteMaterial('m2')).toBe(false);
      expect((await store.listMaterials('e1')).map((m) => m.id)).toEqual(['m1']);
      expect(await store.getMaterial('m2')).toBeNull();
    });

    it("M2: reserves an event's material quota atomically: concurrent reservations never pass it", async () => {
      await make();
      await store.addMaterial(material('stored', 'e1', 1, { size: 100 }));
      const ask = (i: number) => store.reserveMaterialBytes({ eventId: 'e1', reservationId: `r${i}`, bytes: 300, maxBytes: 1000, expiresAt: 10_000, now: 1000 });
      const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i)));
      expect(verdicts.filter((v) => v.ok)).toHaveLength(3);
      expect(verdicts.find((v) => !v.ok)).toEqual({ ok: false, room: 0 });
      // Another event has its own quota.
      expect(await store.reserveMaterialBytes({ eventId: 'e2', reservationId: 'other', bytes: 1000, maxBytes: 1000, expiresAt: 10_000, now: 1000 })).toEqual({ ok: true });
    });

    it('M3: ends a reservation when its material is stored or released, and forgets it once expired', async () => {
      await make();
      const ask = (id: string, bytes: number, now = 1000) => store.reserveMaterialBytes({ eventId: 'e1', reservationId: id, bytes, maxBytes: 1000, expiresAt: now + 5000, now });
      expect(await ask('a', 600)).toEqual({ ok: true });
      expect(await ask('b', 600)).toEqual({ ok: false, room: 400 });
      // Stored at its real size (smaller than reserved): the reservation goes in the same step.
      await store.addMaterial(material('ma', 'e1', 1, { size: 250 }), 'a');
      expect(await ask('b', 750)).toEqual({ ok: true });
      expect(await ask('c', 1)).toEqual({ ok: false, room: 0 });
      await store.releaseMaterialBytes('e1', 'b');
      expect(await ask('c', 750)).toEqual({ ok: true });
      // 'c' was never ended (its instance died): past its deadline it no longer counts.
      expect(await ask('d', 750, 7000)).toEqual({ ok: true });
      await store.releaseMaterialBytes('e1', 'd');
      expect(await store.deleteMaterial('ma')).toBe(true);
      expect(await ask('e', 1000, 7000)).toEqual({ ok: true });
    });

    it("M4: deleteEventMaterials removes the event's records and reservations, and nothing of another event", async () => {
      await make();
      await store.addMaterial(material('m1', 'e1', 1, { size: 400 }));
      await store.addMaterial(material('x', 'e2', 1));
      const ask = (eventId: string, id: string, bytes: number) => store.reserveMaterialBytes({ eventId, reservationId: id, bytes, maxBytes: 1000, expiresAt: 10_000, now: 1000 });
      expect(await ask('e1', 'r1', 600)).toEqual({ ok: true });
      await store.deleteEventMaterials('e1');
      expect(await store.listMaterials('e1')).toEqual([]);
      expect(await store.getMaterial('m1')).toBeNull();
      expect(await ask('e1', 'r2', 1000)).toEqual({ ok: true });
      expect((await store.listMaterials('e2')).map((m) => m.id)).toEqual(['x']);
    });
  });
}
