/**
 * The one lock across instances in Redis: a key holding a random token, with an expiry (an
 * instance that dies holding it frees it). Only the holder's token releases or extends it, and
 * writes made under it are fenced: a script that first checks the token (`fenced`), so a
 * holder that outlived its lock (a stalled process) neither deletes the lock another instance
 * now holds nor writes under it. Used by the document compaction, the retention sweep and the
 * history checkpoints.
 */
import { randomBytes } from 'node:crypto';
import type { BinaryClient } from './connection.js';

/** Compare-and-delete. KEYS[1] the lock; ARGV[1] the token. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Compare-and-expire. KEYS[1] the lock; ARGV[1] the token, ARGV[2] the new TTL in ms. */
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

/**
 * A script that runs `body` only while the caller holds the lock, and returns 0 otherwise.
 * KEYS[1] must be the lock and ARGV[1] the token; the body's own keys and arguments follow.
 * `body` must return something other than 0 when it ran.
 */
export const fenced = (body: string): string => `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
${body}`;

export interface HeldLock {
  readonly key: string;
  readonly token: string;
  /** Releases the lock if this holder still has it (never another's). */
  release(): Promise<void>;
  /** Pushes the expiry `ttlMs` ahead; false when the lock was lost meanwhile. */
  extend(ttlMs: number): Promise<boolean>;
}

export class LockBusy extends Error {
  constructor(key: string, waitedMs: number) {
    super(`lock ${key} held by another instance for more than ${waitedMs} ms`);
    this.name = 'LockBusy';
  }
}

function held(client: BinaryClient, key: string, token: string): HeldLock {
  return {
    key,
    token,
    release: async () => void (await client.eval(RELEASE, { keys: [key], arguments: [token] })),
    extend: async (ttlMs) => Number(await client.eval(EXTEND, { keys: [key], arguments: [token, String(ttlMs)] })) === 1
  };
}

/** Takes the lock if it is free; null when another holder has it. */
export async function tryLock(client: BinaryClient, key: string, ttlMs: number): Promise<HeldLock | null> {
  const token = randomBytes(16).toString('base64url');
  const got = await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
  return got === null ? null : held(client, key, token);
}

export interface WaitOptions {
  ttlMs: number;
  /** How long to wait for another holder (throws LockBusy after). */
  waitMs: number;
  /** How often to try again meanwhile (default 20 ms). */
  pollMs?: number;
}

/** Takes the lock, waiting for another holder to release it (or for its expiry). */
export async function waitLock(client: BinaryClient, key: string, options: WaitOptions): Promise<HeldLock> {
  const end = Date.now() + options.waitMs;
  for (;;) {
    const lock = await tryLock(client, key, options.ttlMs);
    if (lock) return lock;
    if (Date.now() > end) throw new LockBusy(key, options.waitMs);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 20));
  }
}
