/**
 * The DocStore contract (D1–D7), run against every implementation: memory, SQLite and Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryDocStore } from '../../../server/infra/memory/doc-store-memory.js';
import { createRedisDocStore } from '../../../server/infra/redis/doc-store-redis.js';
import { createSqliteDocStore } from '../../../server/infra/sqlite/doc-store-sqlite.js';
import type { DocStore } from '../../../server/sync/doc-store.js';
import { foldUpdates } from '../../../server/sync/fold.js';
import { storeHarnesses, type Harness } from '../../helpers/store-harness.js';

const DOC_STORES = storeHarnesses<DocStore>({ memory: createMemoryDocStore, sqlite: createSqliteDocStore, redis: createRedisDocStore });

function docWith(texts: string[]): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const t of texts) doc.getMap('m').set(t, t);
  return { doc, updates };
}

function replay(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

for (const [name, makeHarness] of Object.entries(DOC_STORES)) {
  describe(`DocStore contract: ${name}`, () => {
    let harness: Harness<DocStore>;
    afterEach(() => harness.dispose());

    it('D1: a new document loads empty with seq 0', async () => {
      harness = makeHarness();
      expect(await (await harness.open()).load('nope')).toEqual({ updates: [], seq: 0, logLength: 0 });
    });

    it('D2: appended updates load back in order, per document, with increasing seq', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const { updates } = docWith(['a', 'b', 'c']);
      const seqs = [];
      for (const u of updates) seqs.push(await store.append('doc-1', u));
      await store.append('doc-2', docWith(['other']).updates[0]);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      const loaded = await store.load('doc-1');
      expect(loaded.logLength).toBe(3);
      expect(loaded.seq).toBe(seqs[2]);
      expect(replay(loaded.updates).getMap('m').toJSON()).toEqual({ a: 'a', b: 'b', c: 'c' });
    });

    it('D3: compaction replaces entries up to seq by the snapshot and keeps later ones', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const { doc, updates } = docWith(['a', 'b']);
      await store.append('d', updates[0]);
      const upTo = await store.append('d', updates[1]);
      const snapshot = Y.encodeStateAsUpdate(doc);
      doc.getMap('m').set('c', 'c');
      await store.append('d', updates[2]);
      await store.compact('d', snapshot, upTo);
      const loaded = await store.load('d');
      expect(loaded.logLength).toBe(1);
      expect(loaded.updates).toHaveLength(2);
      expect(replay(loaded.updates).getMap('m').toJSON()).toEqual({ a: 'a', b: 'b', c: 'c' });
    });

    it('D7: compaction stores the snapshot the caller folded from what it loaded, keeps later entries, and never revives what the fold deleted', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const writer = new Y.Doc();
      const written: Uint8Array[] = [];
      writer.on('update', (u: Uint8Array) => written.push(u));
      writer.getMap('m').set('secret', 'Jana Nováková');
      writer.getMap('m').set('kept', 'k');
      writer.getMap('m').delete('secret');
      for (const u of written) await store.append('d', u);
      const { updates: foreign } = docWith(['foreign']);
      await store.append('d', foreign[0]);
      const loaded = await store.load('d');
      // Appended after the load: not in the fold, so it must stay in the log.
      const { updates: later } = docWith(['later']);
      await store.append('d', later[0]);
      await store.compact('d', foldUpdates(loaded.updates), loaded.seq);
      const after = await store.load('d');
      expect(after.logLength).toBe(1);
      expect(replay(after.updates).getMap('m').toJSON()).toEqual({ kept: 'k', foreign: 'foreign', later: 'later' });
      expect(after.updates.some((u) => Buffer.from(u).includes(Buffer.from('Jana Nováková')))).toBe(false);
    });

    it('D4: delete removes the log and the snapshot', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const { doc, updates } = docWith(['a']);
      const seq = await store.append('d', updates[0]);
      await store.compact('d', Y.encodeStateAsUpdate(doc), seq);
      await store.delete('d');
      expect((await store.load('d')).updates).toEqual([]);
    });

    it('D6: after compaction and scrub, no replaced entry survives in what loads, nor in the files (docs/redaction.md)', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const secret = 'Jana Nováková +420 777 123 456';
      const holds = (bytes: Uint8Array): boolean => Buffer.from(bytes).includes(Buffer.from(secret));
      const doc = new Y.Doc({ gc: true });
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 3; i++) doc.getMap('card').set('text', `${secret} #${i}`);
      doc.getMap('card').set('text', 'Contact removed');
      let seq = 0;
      for (const u of updates) seq = await store.append('d', u);
      expect((await store.load('d')).updates.some(holds)).toBe(true);
      if (harness.files) expect((await harness.files()).some(holds)).toBe(true);
      await store.compact('d', Y.encodeStateAsUpdate(doc), seq);
      await store.scrub();
      const loaded = await store.load('d');
      expect(loaded.updates.some(holds)).toBe(false);
      expect(replay(loaded.updates).getMap('card').get('text')).toBe('Contact removed');
      if (harness.files) expect((await harness.files()).some(holds)).toBe(false);
    });

    it('D5: durable stores keep everything across a reopen', async () => {
      harness = makeHarness();
      if (!harness.reopen) return expect(name).toBe('memory');
      const store = await harness.open();
      for (const u of docWith(['x', 'y']).updates) await store.append('d', u);
      const reopened = await harness.reopen();
      expect(
        replay((await reopened.load('d')).updates)
          .getMap('m')
          .toJSON()
      ).toEqual({ x: 'x', y: 'y' });
    });
  });
}
