import { describe, expect, it } from 'vitest';
import { createArrivalClock, createMemoryRateLimiters, createTokenBucket, perMinute, perSecond } from '../../../../server/limits/rate-limiter.js';

describe('token buckets', () => {
  it('a bucket allows its burst, then refills at its rate', () => {
    const b = createTokenBucket({ capacity: 2, perSecond: 1 }, 0);
    expect(b.take(1, 0).ok).toBe(true);
    expect(b.take(1, 0).ok).toBe(true);
    const refused = b.take(1, 0);
    expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(b.take(1, 1000).ok).toBe(true);
  });

  it('named limiters keep one bucket per key, refund, and stay bounded', async () => {
    let t = 0;
    const limiters = createMemoryRateLimiters({ now: () => t, maxKeys: 100 });
    const l = limiters.limiter('test', { capacity: 1, perSecond: 0.5 });
    expect((await l.take('a')).ok).toBe(true);
    expect((await l.take('a')).ok).toBe(false);
    expect((await l.take('b')).ok).toBe(true);
    await l.refund('a');
    expect((await l.take('a')).ok).toBe(true);
    t = 2000;
    expect((await l.take('a')).ok).toBe(true);
    for (let i = 0; i < 1000; i++) await l.take(`k${i}`);
    t = 2001;
    // Sweeping keeps the map near its bound whatever the keys.
    expect((await l.take('last')).ok).toBe(true);
  });

  it('perSecond and perMinute name a burst of n refilled over a second or a minute', () => {
    expect(perSecond(20)).toEqual({ capacity: 20, perSecond: 20 });
    expect(perMinute(30)).toEqual({ capacity: 30, perSecond: 0.5 });
  });

  it('the arrival clock stands still until the event loop turns: a burst read together is charged together', async () => {
    let t = 0;
    const clock = createArrivalClock(() => t);
    const b = createTokenBucket(perSecond(3), 0);
    const verdicts = [0, 1, 2, 3].map(() => {
      t += 400; // a slow server: each frame takes 400 ms to handle
      return b.take(1, clock()).ok;
    });
    expect(verdicts).toEqual([true, true, true, false]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(clock()).toBe(1600);
  });
});
