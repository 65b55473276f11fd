/**
 * Token buckets in Redis, so a limit holds across every instance. One Lua script refills and
 * takes atomically; the key expires once the bucket would be full again. While Redis is
 * unreachable each instance falls back to its own memory buckets (a limit per instance beats
 * no limit, and beats refusing the whole hall).
 */
import type { RedisConnection } from './connection.js';
import { createMemoryRateLimiters, retryAfter, type RateLimiters } from '../../limits/rate-limiter.js';

// KEYS[1] bucket; ARGV: capacity, perSecond, cost, now (ms). Returns {ok, tokens*1000}.
const TAKE = `
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local cost = tonumber(ARGV[3]); local now = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(b[1]); local at = tonumber(b[2])
if tokens == nil then tokens = cap; at = now end
if now > at then tokens = math.min(cap, tokens + (now - at) / 1000 * rate) end
local ok = 0
if tokens >= cost then tokens = tokens - cost; ok = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
local ttl = 1000
if rate > 0 then ttl = math.ceil((cap - tokens) / rate * 1000) + 1000 else ttl = 86400000 end
redis.call('PEXPIRE', KEYS[1], ttl)
return {ok, math.floor(tokens * 1000)}
`;

// KEYS[1] bucket; ARGV: capacity, cost.
const REFUND = `
local b = redis.call('HGET', KEYS[1], 't')
if b then redis.call('HSET', KEYS[1], 't', tostring(math.min(tonumber(ARGV[1]), tonumber(b) + tonumber(ARGV[2])))) end
return 1
`;

export function createRedisRateLimiters(options: { redis: RedisConnection; prefix: string; now?: () => number }): RateLimiters {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const local = createMemoryRateLimiters({ now });
  return {
    limiter(name, bucket) {
      const fallback = local.limiter(name, bucket);
      const keyOf = (key: string) => `${prefix}rl:${name}:${key}`;
      return {
        name,
        bucket,
        async take(key, cost = 1) {
          if (redis.status() !== 'ready') return fallback.take(key, cost);
          try {
            const reply = (await redis.client.eval(TAKE, { keys: [keyOf(key)], arguments: [String(bucket.capacity), String(bucket.perSecond), String(cost), String(now())] })) as [
              number,
              number
            ];
            const tokens = Number(reply[1]) / 1000;
            return Number(reply[0]) === 1 ? { ok: true, remaining: tokens } : { ok: false, retryAfterMs: retryAfter(tokens, cost, bucket.perSecond) };
          } catch {
            return fallback.take(key, cost);
          }
        },
        async refund(key, cost = 1) {
          if (redis.status() !== 'ready') return fallback.refund(key, cost);
          await redis.client.eval(REFUND, { keys: [keyOf(key)], arguments: [String(bucket.capacity), String(cost)] }).catch(() => undefined);
        }
      };
    }
  };
}
