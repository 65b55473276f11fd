/**
 * The checkpoint lock across instances (the port: server/outputs/history/checkpoint-lock.ts), on
 * the shared Redis lock (lock.ts): `<prefix>board:<id>:checkpoints:lock`. Every write under it
 * is a fenced script, so a holder whose lock expired (a process stalled past the TTL) writes
 * nothing; the holder renews the expiry while it works, so a long rewrite (hundreds of
 * checkpoints, each erased on the worker) keeps it. The floor is a hash
 * `<prefix>board:<id>:checkpoints:floor` (client id → clock), raised only under the lock, that
 * expires an hour after its last raise: by then every instance has long received the erasure.
 */
import type { BinaryClient } from './connection.js';
import type { RedisKeys } from './keys.js';
import { fenced, LockBusy, waitLock } from './lock.js';
import { CheckpointLockBusy, CheckpointLockLost, type CheckpointFloor, type CheckpointLocks, type CheckpointWriter } from '../../outputs/history/checkpoint-lock.js';

// KEYS: lock, checkpoints hash. ARGV: token, field, update.
const ADD = fenced(`redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`);

// KEYS: lock, checkpoints hash. ARGV: token, field.
const DELETE = fenced(`redis.call('HDEL', KEYS[2], ARGV[2])
return 1`);

// KEYS: lock, floor hash. ARGV: token, client, clock, ttl ms. The floor only rises.
const RAISE = fenced(`local now = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
if now < tonumber(ARGV[3]) then redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1`);

// A flat [field, value, …] whatever the protocol version.
const READ_FLOOR = `return redis.call('HGETALL', KEYS[1])`;

export interface RedisCheckpointLockOptions {
  client: BinaryClient;
  keys: RedisKeys;
  /** The lock's expiry, renewed every third of it while held (default 30 s). */
  ttlMs?: number;
  /** How long the floor outlives its last raise (default an hour). */
  floorTtlMs?: number;
}

export function createRedisCheckpointLocks(options: RedisCheckpointLockOptions): CheckpointLocks {
  const { client, keys } = options;
  const ttlMs = options.ttlMs ?? 30_000;
  const floorTtlMs = options.floorTtlMs ?? 3_600_000;
  return {
    async withLock(boardId, waitMs, work) {
      const lock = await waitLock(client, keys.checkpointLock(boardId), { ttlMs, waitMs }).catch((err: unknown) => {
        throw err instanceof LockBusy ? new CheckpointLockBusy(boardId, waitMs) : err;
      });
      const renew = setInterval(() => void lock.extend(ttlMs).catch(() => undefined), ttlMs / 3);
      renew.unref();
      const run = async (script: string, key: string, args: Array<string | Buffer>): Promise<void> => {
        const done = await client.eval(script, { keys: [lock.key, key], arguments: [lock.token, ...args] });
        if (Number(done) !== 1) throw new CheckpointLockLost(boardId);
      };
      const writer: CheckpointWriter = {
        add: (at, update) => run(ADD, keys.checkpoints(boardId), [String(at), Buffer.from(update)]),
        delete: (at) => run(DELETE, keys.checkpoints(boardId), [String(at)]),
        async floor(): Promise<CheckpointFloor> {
          const flat = (await client.eval(READ_FLOOR, { keys: [keys.checkpointFloor(boardId)] })) as Buffer[];
          const floor = new Map<number, number>();
          for (let i = 0; i + 1 < flat.length; i += 2) floor.set(Number(flat[i].toString()), Number(flat[i + 1].toString()));
          return floor;
        },
        raiseFloor: (mark) => run(RAISE, keys.checkpointFloor(boardId), [String(mark.client), String(mark.clock), String(floorTtlMs)])
      };
      try {
        return await work(writer);
      } finally {
        clearInterval(renew);
        await lock.release();
      }
    }
  };
}
