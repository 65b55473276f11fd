/**
 * The rate of new connections per address holds across instances (issue 13, finding 6; the
 * shared `RateLimiters` in Redis): a burst spent on instance A is spent on instance B too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { newDeviceId } from '../../src/lib/board/identity.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait.js';
import { rawWs } from '../hostile/harness.js';

describe('new connections per address, counted across instances', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let ev: TestEvent;

  beforeAll(async () => {
    redis = await getTestRedis();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('connrate'), LIMIT_CONNECTION_BURST_PER_IP: '10', LIMIT_CONNECTIONS_PER_SECOND_PER_IP: '1' };
    a = await startTestServer({ env: { ...env, INSTANCE_ID: 'rate-a' } });
    b = await startTestServer({ env: { ...env, INSTANCE_ID: 'rate-b' } });
    for (const s of [a, b]) await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
    ev = await createTestEvent(a.url);
  });
  afterAll(async () => {
    await b?.dispose();
    await a?.dispose();
    await redis?.stop();
  });

  /** Opens `count` audience websockets at once (each closed once open); their close codes. */
  const churn = (ts: TestServer, count: number): Promise<number[]> =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const c = rawWs(`${ts.wsUrl}/yjs/${ev.boardId}?token=${ev.tokens.audience}&device=${newDeviceId()}`);
        c.ws.once('open', () => c.ws.close());
        return (await c.closed).code;
      })
    );
  const admitted = (codes: number[]): number => codes.filter((c) => c !== CloseCode.RateLimited).length;

  it('a burst spent on instance A is spent on instance B', async () => {
    const start = Date.now();
    expect(admitted(await churn(a, 10))).toBe(10);
    const onB = admitted(await churn(b, 10));
    const refill = Math.ceil((Date.now() - start) / 1000); // LIMIT_CONNECTIONS_PER_SECOND_PER_IP = 1
    // Per instance, B would have a burst of its own and admit all 10.
    expect(onB).toBeLessThanOrEqual(refill);
    expect(onB).toBeLessThan(10);
  });
});
