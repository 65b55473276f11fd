/**
 * The Redis store's compaction lock carries a random token: a compaction that outlives its lock
 * neither releases the lock another instance took meanwhile nor writes its snapshot under it.
 * Two stores on their own connections (two instances) on one real Redis; a hook holds A's
 * compaction past its short lock TTL.
 */
import pino from 'pino';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisDocStore, CompactionLockLost } from '../../server/infra/redis/doc-store-redis.js';
import type { DocStore } from '../../server/sync/doc-store.js';
import { connectRedis, type RedisConnection } from '../../server/infra/redis/connection.js';
import { redisKeys } from '../../server/infra/redis/keys.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../../support/wait.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const grab = (u: Uint8Array) => (update = u);
  doc.on('update', grab);
  doc.getArray<string>('items').push([text]);
  doc.off('update', grab);
  return update;
}

describe('the compaction lock is released only by its owner', () => {
  const prefix = runPrefix('lock');
  const keys = redisKeys(prefix);
  let redis: TestRedis;
  const connections: RedisConnection[] = [];

  const connect = async (name: string): Promise<RedisConnection> => {
    const c = connectRedis({ url: redis.url, name, logger: pino({ level: 'silent' }) });
    connections.push(c);
    await waitFor(() => c.status() === 'ready', 'redis connected');
    return c;
  };

  beforeAll(async () => {
    redis = await getTestRedis();
  });
  afterAll(async () => {
    const c = connections[0];
    if (c) {
      const left = await c.client.keys(`${prefix}*`);
      if (left.length > 0) await c.client.del(left);
    }
    for (const conn of connections) await conn.close();
    await redis?.stop();
  });

  it("A's compaction outlives its 150 ms lock; B takes the lock; A's late release leaves B's lock, and A writes nothing", async () => {
    const doc = 'board-lock';
    const lockKey = keys.docCompactLock(doc);
    const [ra, rb, admin] = [await connect('a'), await connect('b'), await connect('admin')];
    let bLocked!: () => void;
    const bHolds = new Promise<void>((resolve) => (bLocked = resolve));
    let releaseB!: () => void;
    const bMayFinish = new Promise<void>((resolve) => (releaseB = resolve));
    const storeA: DocStore = createRedisDocStore({ redis: ra, keys, compactLockMs: 150, onCompactLocked: () => sleep(600) });
    const storeB: DocStore = createRedisDocStore({
      redis: rb,
      keys,
      compactLockMs: 10_000,
      onCompactLocked: async () => {
        bLocked();
        await bMayFinish;
      }
    });

    const source = new Y.Doc();
    for (let i = 0; i < 20; i++) await storeA.append(doc, textUpdate(source, `item ${i}`));
    const state = Y.encodeStateAsUpdate(source);

    const a = storeA.compact(doc, state, 10).then(
      () => 'written',
      (err: unknown) => err
    );
    await sleep(250); // A's lock has expired; A is still "compacting"
    expect(await admin.client.exists(lockKey)).toBe(0);
    const b = storeB.compact(doc, state, 20);
    await bHolds;
    const bToken = String(await admin.client.get(lockKey));

    const aResult = await a; // A finishes after B took the lock
    expect(aResult).toBeInstanceOf(CompactionLockLost);
    expect(String(await admin.client.get(lockKey))).toBe(bToken); // B's lock survived A's release
    expect(await admin.client.exists(keys.docSnapshot(doc))).toBe(0); // A wrote nothing under B's lock
    expect(await admin.client.lLen(keys.docLog(doc))).toBe(20);

    releaseB();
    await b;
    expect(await admin.client.exists(lockKey)).toBe(0); // B released its own lock
    expect(await admin.client.lLen(keys.docLog(doc))).toBe(0);
    const loaded = await storeB.load(doc);
    const check = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(check, u);
    expect(check.getArray<string>('items').toArray()).toEqual(source.getArray<string>('items').toArray());
  });
});
