/**
 * The retention sweep's lock: in scale-out, one instance sweeps at a time, so an event is
 * purged once, not by every instance at the same moment. Embedded mode has one process and
 * needs none (`processLock`); the Redis lock is server/infra/redis/sweep-lock-redis.ts.
 */
export interface SweepLock {
  /** The release function when the lock was free (now held for `ttlMs`), else null. */
  acquire(ttlMs: number): Promise<(() => Promise<void>) | null>;
}

/** One process: nobody else sweeps. */
export const processLock: SweepLock = { acquire: async () => async () => undefined };
