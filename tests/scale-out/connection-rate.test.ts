/**
 * The rate of new connections per address holds across instances (issue 13, finding 6; the
 * shared `RateLimiters` in Redis): a burst spent on instance A is spent on instance B too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { newDeviceId } from '../../src/lib/board/identity.js';
import { getTestRedis, type TestRedis } from '../helpers/redis.js';
import { startInstancePair, type InstancePair } from '../helpers/instances.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { rawWs } from '../hostile/harness.js';

describe('new connections per address, counted across instances', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let pair: InstancePair | undefined;
  let ev: TestEvent;

  beforeAll(async () => {
    redis = await getTestRedis();
    pair = await startInstancePair('connrate', redis.url, { LIMIT_CONNECTION_BURST_PER_IP: '10', LIMIT_CONNECTIONS_PER_SECOND_PER_IP: '1' });
    ({ a, b } = pair);
    ev = await createTestEvent(a.url);
  });
  afterAll(async () => {
    await pair?.dispose();
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
