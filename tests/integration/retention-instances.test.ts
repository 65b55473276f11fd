/**
 * Retention and purge with the Redis store and two instances (docs/privacy.md §6): both sweep at
 * once and the event is purged once (the lock); afterwards no key under the prefix, no file of
 * the Redis server (its AOF, rewritten, and RDB) and nothing under either DATA_DIR holds any of
 * its texts or ids, and connections on the other instance were closed with 4409. A private
 * redis-server with AOF on and compression off, so a plain byte scan of its files is meaningful.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { filesUnder, occurrences, redisValues, type Source } from '../helpers/byte-scan.js';
import { seedEvent, type SeededEvent } from '../helpers/purge-fixture.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openRaw, type RawClient } from '../../support/yjs-clients.js';

describe('retention with the Redis store and two instances', () => {
  let redis: TestRedis;
  let reader: BinaryClient;
  let prefix: string;
  let a: TestServer;
  let b: TestServer;
  let seeded: SeededEvent;
  let watcherOnB: RawClient;

  const everything = async (): Promise<Source[]> => [
    ...(await redisValues(reader, prefix)),
    ...(await filesUnder(redis.dir!)).filter((f) => !f.where.endsWith('.manifest')),
    ...(await filesUnder(a.dataDir)),
    ...(await filesUnder(b.dataDir))
  ];

  beforeAll(async () => {
    redis = await startPrivateRedis({ args: ['--rdbcompression', 'no', '--aof-use-rdb-preamble', 'no'] });
    reader = createBinaryClient(redis.url);
    await reader.connect();
    prefix = runPrefix('retention');
    const env = {
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      LIMIT_CHECKPOINT_INTERVAL_MS: '20',
      LIMIT_PURGE_GRACE_MS: '200',
      LIMIT_DEFAULT_RETENTION_SECONDS: '1',
      LIMIT_RETENTION_SWEEP_MS: '3600000'
    };
    a = await startTestServer({ env: { ...env, INSTANCE_ID: 'retention-a' } });
    b = await startTestServer({ env: { ...env, INSTANCE_ID: 'retention-b' } });
    for (const s of [a, b]) await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
    seeded = await seedEvent(a);
    watcherOnB = openRaw(b.wsUrl, seeded.ev.boardId, seeded.ev.tokens.audience);
    await waitFor(() => watcherOnB.synced(), 'a connection on B');
  });
  afterAll(async () => {
    seeded?.panelist.destroy();
    watcherOnB?.close();
    await b?.dispose();
    await a?.dispose();
    await reader?.quit();
    await redis?.stop();
  });

  it('before the sweep, the scan finds the texts and ids in Redis keys and files', async () => {
    const found = occurrences(await everything(), seeded.needles);
    for (const needle of seeded.needles)
      expect(
        found.some((f) => f.endsWith(`: ${needle}`)),
        `the scan finds ${needle}`
      ).toBe(true);
  });

  it('both instances sweep at once: the event is purged once, everywhere, and nothing of it remains', async () => {
    await waitFor(async () => (await a.server.events.expiredEvents(Date.now(), 10)).includes(seeded.eventId), 'the retention period to end');
    const counts = await Promise.all([a.server.sweepRetention(), b.server.sweepRetention()]);
    expect(counts.sort()).toEqual([0, 1]);
    expect((await watcherOnB.closed).code).toBe(CloseCode.EventDeleted);
    // The instance that swept last may not have purged; once both are done nothing is left.
    expect(await a.server.sweepRetention()).toBe(0);
    expect(occurrences(await everything(), seeded.needles)).toEqual([]);
  });
});
