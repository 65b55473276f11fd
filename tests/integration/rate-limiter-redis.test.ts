/**
 * The Redis rate limiter (server/limits/rate-limiter-redis.ts): two instances' limiters on one
 * Redis take from one bucket; while Redis is down each falls back to buckets in its own memory
 * (neither throws nor hangs), and they share again once Redis is back. Real Redis servers.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiters } from '../../server/infra/redis/rate-limiter-redis.js';
import type { RateLimiter } from '../../server/limits/rate-limiter.js';
import { connectRedis, type RedisConnection } from '../../server/infra/redis/connection.js';
import { getTestRedis, runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { waitFor } from '../../support/wait.js';

const BUCKET = { capacity: 5, perSecond: 0.01 };
const logger = pino({ level: 'silent' });

describe('Redis rate limiters across instances', () => {
  const connections: RedisConnection[] = [];
  const redises: TestRedis[] = [];
  afterAll(async () => {
    for (const c of connections) await c.close();
    for (const r of redises) await r.stop();
  });

  async function instances(url: string, prefix: string): Promise<[RateLimiter, RateLimiter]> {
    const make = async (name: string) => {
      const redis = connectRedis({ url, name, logger });
      connections.push(redis);
      await waitFor(() => redis.status() === 'ready', `${name} connected`);
      return createRedisRateLimiters({ redis, prefix }).limiter('joins', BUCKET);
    };
    return [await make('a'), await make('b')];
  }

  const takes = async (l: RateLimiter, key: string, n: number) => {
    const out: boolean[] = [];
    for (let i = 0; i < n; i++) out.push((await l.take(key)).ok);
    return out;
  };

  it('two instances take from one bucket: 5 tokens in all, the 6th is refused on either; a refund on one is a token for the other', async () => {
    const redis = await getTestRedis();
    redises.push(redis);
    const [a, b] = await instances(redis.url, runPrefix('rl'));
    expect(await takes(a, '10.0.0.1', 3)).toEqual([true, true, true]);
    expect(await takes(b, '10.0.0.1', 3)).toEqual([true, true, false]);
    const refused = await a.take('10.0.0.1');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(1000);
    expect((await b.take('10.0.0.2')).ok).toBe(true); // another key, another bucket
    await a.refund('10.0.0.1');
    expect(await takes(b, '10.0.0.1', 2)).toEqual([true, false]);
  });

  it('while Redis is down each instance falls back to its own memory buckets, and they share again once it is back', async () => {
    const own = await startPrivateRedis();
    redises.push(own);
    const [a, b] = await instances(own.url, runPrefix('rl-down'));
    expect(await takes(a, 'k', 5)).toEqual([true, true, true, true, true]);
    const admin = connectRedis({ url: own.url, name: 'admin', logger });
    connections.push(admin);
    await waitFor(() => admin.status() === 'ready', 'admin connected');
    await admin.client.sendCommand(['SHUTDOWN', 'NOSAVE']).catch(() => undefined);
    await waitFor(() => connections.slice(-3, -1).every((c) => c.status() !== 'ready'), 'both instances to see Redis down');

    const started = Date.now();
    // Each instance now counts for itself: the shared bucket (empty) is out of reach.
    expect(await takes(a, 'k', 6)).toEqual([true, true, true, true, true, false]);
    expect(await takes(b, 'k', 6)).toEqual([true, true, true, true, true, false]);
    expect(Date.now() - started).toBeLessThan(5000); // no hanging on a dead connection

    await own.restart!();
    await waitFor(() => connections.slice(-3, -1).every((c) => c.status() === 'ready'), 'both instances reconnected');
    // The AOF kept the shared bucket through the restart: still empty for both.
    expect((await a.take('k')).ok).toBe(false);
    expect((await b.take('k')).ok).toBe(false);
    expect(await takes(a, 'fresh', 3)).toEqual([true, true, true]);
    expect(await takes(b, 'fresh', 3)).toEqual([true, true, false]);
  });
});
