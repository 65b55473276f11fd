/**
 * The storage budget of scale-out mode, where materials and boards live in Redis memory: a
 * write must leave `minFreeBytes` of Redis's `maxmemory` free (INFO memory), so a flood of
 * uploads is refused with 507 before Redis refuses the boards' own appends. Holds are per
 * instance, on top of what Redis already holds (bytes streaming in count twice: on the safe side).
 * Without a `maxmemory` there is nothing to measure against (the README asks for one).
 */
import type { RedisConnection } from './connection.js';
import { InsufficientStorageError, serialReserve, type StorageBudget } from '../../limits/storage-budget.js';

const field = (info: string, name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);

export function createRedisMemoryBudget(options: { redis: RedisConnection; minFreeBytes: number }): StorageBudget {
  const { redis, minFreeBytes } = options;
  let held = 0;

  async function check(extra: number): Promise<void> {
    let info: string;
    try {
      info = String(await redis.client.info('memory'));
    } catch {
      return; // Redis unreachable: the write itself will fail and say so
    }
    const max = field(info, 'maxmemory');
    if (max === 0) return;
    if (max - field(info, 'used_memory') - held - extra < minFreeBytes) {
      throw new InsufficientStorageError(`The shared store is nearly full (Redis keeps ${minFreeBytes} bytes of its maxmemory free); nothing more can be stored`);
    }
  }

  return {
    check,
    reserve: serialReserve(check, { hold: (bytes) => (held += bytes), release: (bytes) => (held -= bytes) })
  };
}
