/**
 * One contract suite per storage port, run against every implementation (memory and SQLite),
 * so a Redis or Postgres twin only has to pass the same suite.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newRoleTokens } from '../../server/events/tokens.js';
import type { DocStore } from '../../server/sync/doc-store.js';
import { createMemoryDocStore } from '../../server/infra/memory/doc-store-memory.js';
import { createRedisDocStore } from '../../server/infra/redis/doc-store-redis.js';
import { createSqliteDocStore } from '../../server/infra/sqlite/doc-store-sqlite.js';
import { BoardLimitError, DuplicateError, JOIN_CODE_ALPHABET, newJoinCode, type BoardRecord, type EventRecord, type EventStore } from '../../server/events/event-store.js';
import { createMemoryEventStore } from '../../server/infra/memory/event-store-memory.js';
import { createRedisEventStore } from '../../server/infra/redis/event-store-redis.js';
import { createSqliteEventStore } from '../../server/infra/sqlite/event-store-sqlite.js';
import { openSqlite, type SqliteDatabase } from '../../server/infra/sqlite/sqlite.js';
import { createMemoryBus } from '../../server/infra/memory/bus-memory.js';
import { channelName, type Bus } from '../../server/sync/bus.js';
import { connectRedis, type RedisConnection } from '../../server/infra/redis/connection.js';
import { redisKeys, type RedisKeys } from '../../server/infra/redis/keys.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../../support/wait.js';

interface Harness<T> {
  open(): Promise<T>;
  /** The raw bytes of every file the storage keeps (durable file-based implementations only). */
  files?: () => Promise<Buffer[]>;
  /** Closes and reopens the same storage (durable implementations only). */
  reopen?: () => Promise<T>;
  dispose(): Promise<void>;
}

function sqliteHarness<T>(make: (db: SqliteDatabase) => T): () => Harness<T> {
  return () => {
    let dir = '';
    let db: SqliteDatabase | null = null;
    const open = async (): Promise<T> => {
      dir ||= await mkdtemp(join(tmpdir(), 'pb-contract-'));
      db = openSqlite({ dataDir: dir });
      return make(db);
    };
    return {
      open,
      files: async () => Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f)))),
      reopen: async () => {
        db?.close();
        return open();
      },
      dispose: async () => {
        db?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    };
  };
}

/** A Redis store on the test Redis, under a key prefix of its own (deleted at the end). */
const redisHarness = <T>(make: (redis: RedisConnection, keys: RedisKeys) => T) => (): Harness<T> => {
  let redis: TestRedis | null = null;
  let connection: RedisConnection | null = null;
  const prefix = runPrefix('contract');
  const open = async (): Promise<T> => {
    redis ??= await getTestRedis();
    const opened = connectRedis({ url: redis.url, name: 'contract', logger: pino({ level: 'silent' }) });
    connection = opened;
    await waitFor(() => opened.status() === 'ready', 'redis connected');
    return make(opened, redisKeys(prefix));
  };
  return {
    open,
    reopen: async () => {
      await connection?.close();
      return open();
    },
    dispose: async () => {
      if (connection) {
        const keys = await connection.client.keys(`${prefix}*`);
        if (keys.length) await connection.client.del(keys);
        await connection.close();
      }
      await redis?.stop();
    }
  };
};

const DOC_STORES: Record<string, () => Harness<DocStore>> = {
  memory: () => ({ open: async () => createMemoryDocStore(), dispose: async () => undefined }),
  sqlite: sqliteHarness((db) => createSqliteDocStore({ db })),
  redis: redisHarness((redis, keys) => createRedisDocStore({ redis, keys }))
};

const EVENT_STORES: Record<string, () => Harness<EventStore>> = {
  memory: () => ({ open: async () => createMemoryEventStore(), dispose: async () => undefined }),
  sqlite: sqliteHarness((db) => createSqliteEventStore({ db })),
  redis: redisHarness((redis, keys) => createRedisEventStore({ redis, keys }))
};

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

    it('D7: compaction keeps what the caller lacks exactly when the store says it folds (foldsOnCompact), and never revives what the caller deleted', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const caller = new Y.Doc();
      const callerUpdates: Uint8Array[] = [];
      caller.on('update', (u: Uint8Array) => callerUpdates.push(u));
      caller.getMap('m').set('secret', 'Jana Nováková');
      caller.getMap('m').set('kept', 'k');
      caller.getMap('m').delete('secret');
      for (const u of callerUpdates) await store.append('d', u);
      const { updates: foreign } = docWith(['foreign']);
      const upTo = await store.append('d', foreign[0]);
      await store.compact('d', Y.encodeStateAsUpdate(caller), upTo);
      const loaded = await store.load('d');
      expect(loaded.logLength).toBe(0);
      const expected = store.foldsOnCompact ? { kept: 'k', foreign: 'foreign' } : { kept: 'k' };
      expect(replay(loaded.updates).getMap('m').toJSON()).toEqual(expected);
      expect(loaded.updates.some((u) => Buffer.from(u).includes(Buffer.from('Jana Nováková')))).toBe(false);
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
      expect(replay((await reopened.load('d')).updates).getMap('m').toJSON()).toEqual({ x: 'x', y: 'y' });
    });
  });
}

const event = (id: string): EventRecord => ({ id, title: 'E', date: '2026-11-27', place: 'P', createdAt: 1, template: 'integration', lang: 'cs', tokens: newRoleTokens(), retentionUntil: Date.UTC(2027, 10, 28) });
const board = (id: string, eventId: string, joinCode: string, createdAt = 1): BoardRecord => ({ id, eventId, kind: 'main', title: 'B', joinCode, createdAt });

for (const [name, makeHarness] of Object.entries(EVENT_STORES)) {
  describe(`EventStore contract: ${name}`, () => {
    let harness: Harness<EventStore>;
    afterEach(() => harness.dispose());

    it('E1: events and boards round-trip; boards list oldest first; join codes resolve', async () => {
      harness = makeHarness();
      const store = await harness.open();
      const e = event('e1');
      await store.createEvent(e, [board('b1', 'e1', 'AAAAAA', 1)]);
      await store.addBoard(board('b2', 'e1', 'BBBBBB', 2));
      expect(await store.getEvent('e1')).toEqual(e);
      expect((await store.listBoards('e1')).map((b) => b.id)).toEqual(['b1', 'b2']);
      expect((await store.findBoardByJoinCode('BBBBBB'))?.id).toBe('b2');
      expect(await store.getBoard('missing')).toBeNull();
      expect(await store.getEvent('missing')).toBeNull();
      expect(await store.findBoardByJoinCode('ZZZZZZ')).toBeNull();
    });

    it('E2: duplicate ids and join codes are refused with DuplicateError, atomically', async () => {
      harness = makeHarness();
      const store = await harness.open();
      await store.createEvent(event('e1'), [board('b1', 'e1', 'AAAAAA')]);
      await expect(store.createEvent(event('e1'), [])).rejects.toBeInstanceOf(DuplicateError);
      await expect(store.createEvent(event('e2'), [board('b2', 'e2', 'AAAAAA')])).rejects.toBeInstanceOf(DuplicateError);
      expect(await store.getEvent('e2')).toBeNull();
      await expect(store.addBoard(board('b1', 'e1', 'CCCCCC'))).rejects.toBeInstanceOf(DuplicateError);
    });

    it('E4: addBoard with a cap refuses with BoardLimitError once the event holds that many, also under a burst', async () => {
      harness = makeHarness();
      const store = await harness.open();
      await store.createEvent(event('e1'), [board('b1', 'e1', 'AAAAAA')]);
      const burst = await Promise.allSettled(['B', 'C', 'D', 'E', 'F'].map((c, i) => store.addBoard(board(`b${i + 2}`, 'e1', c.repeat(6)), 3)));
      expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(burst.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof BoardLimitError)).toBe(true);
      expect(await store.listBoards('e1')).toHaveLength(3);
      await store.addBoard(board('b9', 'e1', 'GGGGGG'));
      expect(await store.listBoards('e1')).toHaveLength(4);
    });

    it('E3: durable stores keep events across a reopen', async () => {
      harness = makeHarness();
      if (!harness.reopen) return expect(name).toBe('memory');
      const store = await harness.open();
      const e = event('e1');
      await store.createEvent(e, [board('b1', 'e1', 'AAAAAA')]);
      const reopened = await harness.reopen();
      expect((await reopened.getBoard('b1'))?.eventId).toBe('e1');
      expect(await reopened.getEvent('e1')).toEqual(e);
    });
  });
}

describe('join codes', () => {
  it('J1: six characters from an alphabet without 0, O, 1, I or l', () => {
    for (const ch of '0O1Il') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
    for (let i = 0; i < 200; i++) expect(newJoinCode()).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
  });
});

const BUSES: Record<string, () => Bus> = { memory: createMemoryBus };

for (const [name, make] of Object.entries(BUSES)) {
  describe(`Bus contract: ${name}`, () => {
    it('B1: subscribers of a channel receive published bytes; others and unsubscribed ones do not', async () => {
      const bus = make();
      const a: number[][] = [];
      const b: number[][] = [];
      const channel = channelName({ kind: 'doc', docName: 'x' });
      const stopA = bus.subscribe(channel, (m) => a.push([...m]));
      bus.subscribe(channelName({ kind: 'doc', docName: 'y' }), (m) => b.push([...m]));
      await bus.publish(channel, new Uint8Array([1, 2]));
      await waitFor(() => a.length === 1, 'delivery');
      stopA();
      await bus.publish(channel, new Uint8Array([3]));
      await bus.publish(channelName({ kind: 'doc', docName: 'y' }), new Uint8Array([4]));
      await waitFor(() => b.length === 1, 'delivery on the other channel');
      expect(a).toEqual([[1, 2]]);
      expect(b).toEqual([[4]]);
      await bus.close();
    });
  });
}
