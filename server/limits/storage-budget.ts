/**
 * The DATA_DIR budget: what the server writes there (SQLite, material files) may not pass
 * `maxBytes`, and the disk must keep `minFreeBytes` free (fs.statfs), so a full disk is refused
 * with 507 before it happens instead of failing SQLite appends after. A write reserves its
 * bytes first; the directory's size is measured by an asynchronous walk at most every few
 * seconds, plus what was reserved and written since.
 */
import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';

export class InsufficientStorageError extends Error {
  override name = 'InsufficientStorageError';
}

export interface StorageHold {
  /** Ends the hold; `written` bytes now count as used until the next walk sees them. */
  release(written: number): void;
}

export interface StorageBudget {
  /** Holds `bytes` while a write streams; throws InsufficientStorageError when they do not fit. */
  reserve(bytes: number): Promise<StorageHold>;
  /** Throws InsufficientStorageError unless `bytes` more would fit (small writes: events, boards). */
  check(bytes: number): Promise<void>;
}

/**
 * `reserve` for a budget: one check-and-hold at a time, so racing reservations each see the
 * others' holds; the hold's release is idempotent.
 */
export function serialReserve(
  check: (bytes: number) => Promise<void>,
  holds: { hold(bytes: number): void; release(bytes: number, written: number): void }
): StorageBudget['reserve'] {
  let queue: Promise<void> = Promise.resolve();
  return async (bytes) => {
    const turn = queue.then(async () => {
      await check(bytes);
      holds.hold(bytes);
    });
    queue = turn.catch(() => undefined);
    await turn;
    let done = false;
    return {
      release(written) {
        if (done) return;
        done = true;
        holds.release(bytes, written);
      }
    };
  };
}

export interface StorageBudgetOptions {
  dir: string;
  maxBytes: number;
  minFreeBytes: number;
  /** Free bytes on the disk holding `dir` (tests pass their own). */
  freeBytes?: (dir: string) => Promise<number>;
  /** How long a walk of `dir` is trusted. */
  walkEveryMs?: number;
  now?: () => number;
}

const diskFree = async (dir: string): Promise<number> => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += await sizeOf(path);
    else if (e.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0;
  }
  return total;
}

export function createStorageBudget(options: StorageBudgetOptions): StorageBudget {
  const { dir, maxBytes, minFreeBytes } = options;
  const freeBytes = options.freeBytes ?? diskFree;
  const walkEveryMs = options.walkEveryMs ?? 5000;
  const now = options.now ?? Date.now;
  let walked = { bytes: 0, at: -Infinity };
  let walking: Promise<void> | null = null;
  /** Bytes held by writes in progress, and written since the last walk started. */
  let held = 0;
  let since = 0;

  const used = async (): Promise<number> => {
    if (now() - walked.at > walkEveryMs) {
      walking ??= (async () => {
        const at = now();
        const startedSince = since;
        const bytes = await sizeOf(dir);
        walked = { bytes, at };
        // Written during the walk may be counted twice; never not at all.
        since -= startedSince;
      })().finally(() => (walking = null));
      await walking;
    }
    return walked.bytes + held + since;
  };

  /** Throws unless `extra` bytes more than what is held now would fit. */
  async function check(extra: number): Promise<void> {
    const total = await used();
    if (total + extra > maxBytes) throw new InsufficientStorageError(`The server's storage budget is used up (${maxBytes} bytes); nothing more can be stored`);
    const free = await freeBytes(dir).catch(() => Infinity);
    if (free - held - extra < minFreeBytes)
      throw new InsufficientStorageError(`The server's disk is nearly full (it keeps ${minFreeBytes} bytes free); nothing more can be stored`);
  }

  return {
    check,
    reserve: serialReserve(check, {
      hold: (bytes) => (held += bytes),
      release: (bytes, written) => {
        held -= bytes;
        since += Math.max(0, written);
      }
    })
  };
}
