import { describe, expect, it } from 'vitest';
import { createQuotas, QuotaExceeded } from '../../../../server/actions/quotas.js';
import { createMemoryRateLimiters } from '../../../../server/limits/rate-limiter.js';

describe('participant quotas on the shared rate limiters', () => {
  it('Q1: five cards at once, the sixth refused with retryAfterMs; a refund gives one back; boards and participants are apart', async () => {
    let now = 1_000_000;
    const quotas = createQuotas(createMemoryRateLimiters({ now: () => now }));
    for (let i = 0; i < 5; i++) await quotas.take('b1', 'p1', 'submission');
    const refused = await quotas.take('b1', 'p1', 'submission').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(QuotaExceeded);
    expect((refused as QuotaExceeded).retryAfterMs).toBe(12_000);
    await quotas.take('b2', 'p1', 'submission');
    await quotas.take('b1', 'p2', 'submission');
    await quotas.refund('b1', 'p1', 'submission');
    await quotas.take('b1', 'p1', 'submission');
    now += 12_000;
    await quotas.take('b1', 'p1', 'submission');
    await expect(quotas.take('b1', 'p1', 'submission')).rejects.toBeInstanceOf(QuotaExceeded);
  });
});
