import { describe, expect, it } from 'vitest';
import { createQuotas, QuotaExceeded } from '../../../../../server/board/actions/quotas.js';
import { createMemoryRateLimiters } from '../../../../../server/limits/rate-limiter.js';

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

  it('Q2: withdrawals: ten per participant, and thirty per board for the whole hall, across participants', async () => {
    const now = 1_000_000;
    const quotas = createQuotas(createMemoryRateLimiters({ now: () => now }));
    for (let i = 0; i < 10; i++) await quotas.take('b1', 'p1', 'withdrawal');
    await expect(quotas.take('b1', 'p1', 'withdrawal')).rejects.toBeInstanceOf(QuotaExceeded);
    for (let p = 2; p <= 21; p++) await quotas.take('b1', `p${p}`, 'withdrawal');
    // 30 taken on b1: a fresh participant is refused by the board's bucket...
    await expect(quotas.take('b1', 'p99', 'withdrawal')).rejects.toBeInstanceOf(QuotaExceeded);
    // A refund gives the board's token back too.
    await quotas.refund('b1', 'p2', 'withdrawal');
    await quotas.take('b1', 'p99', 'withdrawal');
    await quotas.take('b2', 'p1', 'withdrawal');
  });

  it('Q3: redactions: thirty per moderator device, sixty per board across moderator devices, one a second regained', async () => {
    let now = 1_000_000;
    const quotas = createQuotas(createMemoryRateLimiters({ now: () => now }));
    for (let i = 0; i < 30; i++) await quotas.take('b1', 'm1', 'redaction');
    await expect(quotas.take('b1', 'm1', 'redaction')).rejects.toBeInstanceOf(QuotaExceeded);
    for (let i = 0; i < 30; i++) await quotas.take('b1', 'm2', 'redaction');
    await expect(quotas.take('b1', 'm3', 'redaction')).rejects.toBeInstanceOf(QuotaExceeded);
    now += 1_000;
    await quotas.take('b1', 'm3', 'redaction');
    await quotas.take('b2', 'm1', 'redaction');
  });
});
