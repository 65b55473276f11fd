/** The retention rules (docs/privacy.md §6): the default period, day parsing, and the sweep's batches and lock. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultRetentionUntil, endOfDay, lastDayKept, retentionOf } from '../../../../server/events/retention/policy.js';
import { processLock, type SweepLock } from '../../../../server/events/retention/lock.js';
import { startRetentionSweeper } from '../../../../server/events/retention/sweeper.js';
import { waitFor } from '../../../../support/wait.js';

const logger = pino({ level: 'silent' });

describe('retention policy', () => {
  it('keeps an event until the end of the day 12 months after its date by default', () => {
    expect(defaultRetentionUntil('2026-11-27', 0)).toBe(Date.UTC(2027, 10, 28));
    expect(lastDayKept(defaultRetentionUntil('2026-11-27', 0))).toBe('2027-11-27');
    expect(defaultRetentionUntil('2028-02-29', 0)).toBe(Date.UTC(2029, 2, 2));
  });
  it('with LIMIT_DEFAULT_RETENTION_SECONDS, that many seconds after creation', () => {
    expect(defaultRetentionUntil('2026-11-27', 1_000, 5)).toBe(6_000);
  });
  it('records from before retention get the default; a stored end wins', () => {
    expect(retentionOf({ date: '2026-11-27', createdAt: 0 })).toBe(Date.UTC(2027, 10, 28));
    expect(retentionOf({ date: '2026-11-27', createdAt: 0, retentionUntil: 42 })).toBe(42);
  });
  it('endOfDay accepts real days only', () => {
    expect(endOfDay('2030-06-30')).toBe(Date.UTC(2030, 6, 1));
    for (const bad of ['2030-02-30', '2030-13-01', '30-06-2030', '2030-06-30T00:00', '']) expect(endOfDay(bad), bad).toBeNull();
  });
});

describe('retention sweep', () => {
  it('purges expired events in bounded batches on its timer, the next sweep taking the rest', async () => {
    const expired = ['e1', 'e2', 'e3', 'e4', 'e5'];
    const purged: string[] = [];
    const sweeper = startRetentionSweeper({
      events: { expiredEvents: async (_now, limit) => expired.filter((e) => !purged.includes(e)).slice(0, limit) },
      purge: async (id) => (purged.push(id), true),
      lock: processLock,
      intervalMs: 10,
      batch: 2,
      logger
    });
    await waitFor(() => purged.length === 5, 'every event purged over several sweeps');
    await sweeper.stop();
    expect(purged).toEqual(expired);
  });

  it('does nothing while another instance holds the lock, and keeps going past a failed purge', async () => {
    let free = false;
    const lock: SweepLock = { acquire: async () => (free ? async () => undefined : null) };
    const tried: string[] = [];
    const sweeper = startRetentionSweeper({
      events: { expiredEvents: async () => ['bad', 'good'] },
      purge: async (id) => {
        tried.push(id);
        if (id === 'bad') throw new Error('store down');
        return true;
      },
      lock,
      intervalMs: 3_600_000,
      logger
    });
    expect(await sweeper.sweepNow()).toBe(0);
    expect(tried).toEqual([]);
    free = true;
    expect(await sweeper.sweepNow()).toBe(1);
    expect(tried).toEqual(['bad', 'good']);
    await sweeper.stop();
  });
});
