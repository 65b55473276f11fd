/**
 * The one rate limiter: a token bucket per key. `capacity` is the burst, `perSecond` the
 * refill. Every rate limit of the server is one of these, under a name of its own:
 * - `createTokenBucket` for what one connection or socket does (held by that connection, sync);
 * - a `RateLimiters` store (memory in embedded mode, Redis in scale-out) for what an address,
 *   a device or a board does, so the limit holds across instances.
 */
export interface Bucket {
  /** Burst size (tokens held when full). */
  capacity: number;
  /** Tokens regained per second. */
  perSecond: number;
}

export type Verdict = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/** `n` a second, bursting to `n`. */
export const perSecond = (n: number): Bucket => ({ capacity: n, perSecond: n });

/** `n` a minute, bursting to `n`. */
export const perMinute = (n: number): Bucket => ({ capacity: n, perSecond: n / 60 });

/** Tokens held at `now` by a bucket that held `tokens` at `at`: the one refill rule of every implementation. */
export const refill = (bucket: Bucket, tokens: number, at: number, now: number): number => Math.min(bucket.capacity, tokens + (Math.max(0, now - at) / 1000) * bucket.perSecond);

/** How long until `cost` tokens are there again, from `tokens` now. */
export const retryAfter = (tokens: number, cost: number, perSecond: number): number =>
  perSecond > 0 ? Math.max(1, Math.ceil(((cost - tokens) / perSecond) * 1000)) : Number.MAX_SAFE_INTEGER;

/** A bucket held by one owner (a connection): synchronous, no keys. */
export interface TokenBucket {
  take(cost?: number, now?: number): Verdict;
}

export function createTokenBucket(bucket: Bucket, start = Date.now()): TokenBucket {
  let tokens = bucket.capacity;
  let at = start;
  return {
    take(cost = 1, now = Date.now()) {
      tokens = refill(bucket, tokens, at, now);
      at = now;
      if (tokens < cost) return { ok: false, retryAfterMs: retryAfter(tokens, cost, bucket.perSecond) };
      tokens -= cost;
      return { ok: true, remaining: tokens };
    }
  };
}

/**
 * A clock that stands still for the rest of the event loop's turn. Frames read from a socket
 * together are charged at the moment they arrived, not one by one as the server gets round to
 * them, so a burst is not let through because a busy server was slow to read it.
 */
export function createArrivalClock(now: () => number = Date.now): () => number {
  let at: number | null = null;
  return () => {
    if (at === null) {
      at = now();
      setImmediate(() => (at = null));
    }
    return at;
  };
}

/** A named limit over many keys (addresses, devices, boards). */
export interface RateLimiter {
  readonly name: string;
  readonly bucket: Bucket;
  /** Takes `cost` tokens from `key`'s bucket, or says how long to wait. */
  take(key: string, cost?: number): Promise<Verdict>;
  /** Gives tokens back (a refused or failed attempt that should not count); never above capacity. */
  refund(key: string, cost?: number): Promise<void>;
}

/** Makes the named limiters: memory below, Redis in server/infra/redis/rate-limiter-redis.ts. */
export interface RateLimiters {
  limiter(name: string, bucket: Bucket): RateLimiter;
}

/**
 * In-process buckets. The map is swept of full buckets (they hold nothing a new one would not)
 * and bounded: past `maxKeys`, the oldest entries go first.
 */
export function createMemoryRateLimiters(options: { now?: () => number; maxKeys?: number } = {}): RateLimiters {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 200_000;
  return {
    limiter(name, bucket) {
      const state = new Map<string, { tokens: number; at: number }>();
      let lastSweep = now();
      const sweep = (t: number): void => {
        lastSweep = t;
        for (const [key, b] of state) if (refill(bucket, b.tokens, b.at, t) >= bucket.capacity) state.delete(key);
        // Still too many: drop the oldest (Map keeps insertion order; a taken key is re-inserted).
        for (const key of state.keys()) {
          if (state.size <= maxKeys) break;
          state.delete(key);
        }
      };
      const current = (key: string, t: number) => {
        const b = state.get(key);
        if (!b) return { tokens: bucket.capacity, at: t };
        state.delete(key);
        b.tokens = refill(bucket, b.tokens, b.at, t);
        b.at = t;
        return b;
      };
      return {
        name,
        bucket,
        async take(key, cost = 1) {
          const t = now();
          if (t - lastSweep > 60_000 || state.size > maxKeys) sweep(t);
          const b = current(key, t);
          state.set(key, b);
          if (b.tokens < cost) return { ok: false, retryAfterMs: retryAfter(b.tokens, cost, bucket.perSecond) };
          b.tokens -= cost;
          return { ok: true, remaining: b.tokens };
        },
        async refund(key, cost = 1) {
          const b = state.get(key);
          if (b) b.tokens = Math.min(bucket.capacity, b.tokens + cost);
        }
      };
    }
  };
}
