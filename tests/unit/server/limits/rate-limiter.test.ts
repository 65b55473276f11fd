import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiters, createTokenBucket } from '../../../../server/limits/rate-limiter.js';

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
});
