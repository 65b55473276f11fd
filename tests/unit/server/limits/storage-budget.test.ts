import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorageBudget, InsufficientStorageError } from '../../../../server/limits/storage-budget.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pb-budget-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const settled = async (ps: Promise<unknown>[]) =>
  (await Promise.allSettled(ps)).map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof InsufficientStorageError ? 'refused' : 'error'));

describe('the DATA_DIR budget', () => {
  it('counts what is already under the directory', async () => {
    await writeFile(join(dir, 'db'), Buffer.alloc(600));
    const budget = createStorageBudget({ dir, maxBytes: 1000, minFreeBytes: 0, freeBytes: async () => 1e12 });
    await expect(budget.check(500)).rejects.toBeInstanceOf(InsufficientStorageError);
    await expect(budget.check(400)).resolves.toBeUndefined();
  });

  it('lets racing reservations see each other: never more than the budget held at once', async () => {
    const budget = createStorageBudget({ dir, maxBytes: 1000, minFreeBytes: 0, freeBytes: async () => 1e12 });
    expect(await settled(Array.from({ length: 5 }, () => budget.reserve(300)))).toEqual(['ok', 'ok', 'ok', 'refused', 'refused']);
  });

  it('frees what a failed write held, and keeps counting what a finished one wrote until the next walk', async () => {
    let t = 0;
    const budget = createStorageBudget({ dir, maxBytes: 1000, minFreeBytes: 0, freeBytes: async () => 1e12, now: () => t, walkEveryMs: 5000 });
    const failed = await budget.reserve(900);
    failed.release(0);
    const written = await budget.reserve(900);
    written.release(700);
    await expect(budget.reserve(400)).rejects.toBeInstanceOf(InsufficientStorageError);
    // The next walk finds the file really written (here: nothing), and forgets the estimate.
    t = 10_000;
    await expect(budget.reserve(400)).resolves.toBeDefined();
  });

  it("keeps the disk's free-space floor", async () => {
    let free = 10_000;
    const budget = createStorageBudget({ dir, maxBytes: 1e12, minFreeBytes: 5_000, freeBytes: async () => free });
    await expect(budget.check(4_000)).resolves.toBeUndefined();
    await expect(budget.check(6_000)).rejects.toThrow(/nearly full/);
    const hold = await budget.reserve(4_000);
    await expect(budget.check(2_000)).rejects.toThrow(/nearly full/);
    hold.release(4_000);
    free = 6_000;
    await expect(budget.check(2_000)).rejects.toThrow(/nearly full/);
  });
});
