/**
 * The retention sweep's lock in Redis (the port: server/events/retention/lock.ts). It holds a
 * random token and expires (an instance that dies while sweeping frees it); only the holder's
 * token releases it.
 */
import { randomBytes } from 'node:crypto';
import type { BinaryClient } from './connection.js';
import type { SweepLock } from '../../events/retention/lock.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export function createRedisSweepLock(options: { client: BinaryClient; key: string }): SweepLock {
  const { client, key } = options;
  return {
    async acquire(ttlMs) {
      const token = randomBytes(16).toString('base64url');
      const got = await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      if (got === null) return null;
      return async () => void (await client.eval(RELEASE, { keys: [key], arguments: [token] }));
    }
  };
}
