/**
 * The retention sweep's lock in Redis (the port: server/events/retention/lock.ts): the shared
 * lock (lock.ts), taken only when free; it expires if its instance dies while sweeping, and only
 * the holder releases it.
 */
import type { BinaryClient } from './connection.js';
import { tryLock } from './lock.js';
import type { SweepLock } from '../../events/retention/lock.js';

export function createRedisSweepLock(options: { client: BinaryClient; key: string }): SweepLock {
  const { client, key } = options;
  return {
    async acquire(ttlMs) {
      const lock = await tryLock(client, key, ttlMs);
      return lock ? () => lock.release() : null;
    }
  };
}
