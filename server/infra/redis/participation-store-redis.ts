/**
 * Participation counters in Redis, shared by every instance: one hash per board (peak, public,
 * and the ring: field `s<slot>` = "bucket:reactions:ballots") and a capped set of device hashes.
 * One script applies a delta atomically, so concurrent instances neither lose increments nor
 * lower the peak.
 */
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import { MAX_DEVICES, slotOf, type CounterBucket, type ParticipationStore } from '../../outputs/participation/participation-store.js';

// ARGV: peak, maxDevices, bucket count, then (bucket, slot, reactions, ballots) per bucket, then device hashes.
const ADD = `
local peak = tonumber(ARGV[1])
if peak > 0 and peak > tonumber(redis.call('HGET', KEYS[1], 'peak') or '0') then redis.call('HSET', KEYS[1], 'peak', peak) end
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local bucket, field, r, b = tonumber(ARGV[i]), 's' .. ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  i = i + 4
  local held = redis.call('HGET', KEYS[1], field)
  local hb, hr, hballots = -1, 0, 0
  if held then
    local x, y, z = string.match(held, '^(%d+):(%d+):(%d+)$')
    if x then hb, hr, hballots = tonumber(x), tonumber(y), tonumber(z) end
  end
  if bucket == hb then redis.call('HSET', KEYS[1], field, string.format('%d:%d:%d', bucket, hr + r, hballots + b))
  elseif bucket > hb then redis.call('HSET', KEYS[1], field, string.format('%d:%d:%d', bucket, r, b)) end
end
local room = tonumber(ARGV[2]) - redis.call('SCARD', KEYS[2])
while room > 0 and i <= #ARGV do
  room = room - redis.call('SADD', KEYS[2], ARGV[i])
  i = i + 1
end
return 1`;

/** Devices per script call: a script's arguments stay small, and Redis turns between calls. */
const DEVICES_PER_CALL = 500;

const parseBucket = (raw: string): CounterBucket | null => {
  const m = /^(\d+):(\d+):(\d+)$/.exec(raw);
  return m ? { bucket: Number(m[1]), reactions: Number(m[2]), ballots: Number(m[3]) } : null;
};

export function createRedisParticipationStore(options: { redis: RedisConnection; keys: RedisKeys }): ParticipationStore {
  const { keys } = options;
  const client = options.redis.client;
  const run = (boardId: string, peak: number, buckets: readonly CounterBucket[], devices: readonly string[]) =>
    client.eval(ADD, {
      keys: [keys.participation(boardId), keys.participationDevices(boardId)],
      arguments: [
        String(peak),
        String(MAX_DEVICES),
        String(buckets.length),
        ...buckets.flatMap((b) => [String(b.bucket), String(slotOf(b.bucket)), String(b.reactions), String(b.ballots)]),
        ...devices
      ]
    });
  return {
    async add(boardId, delta) {
      await run(boardId, delta.peak, delta.buckets, delta.devices.slice(0, DEVICES_PER_CALL));
      for (let i = DEVICES_PER_CALL; i < delta.devices.length; i += DEVICES_PER_CALL) await run(boardId, 0, [], delta.devices.slice(i, i + DEVICES_PER_CALL));
    },
    async read(boardId) {
      const [hash, devices] = await Promise.all([client.hGetAll(keys.participation(boardId)), client.sCard(keys.participationDevices(boardId))]);
      const fields = Object.entries(hash as Record<string, Buffer | string>).map(([k, v]) => [k, v.toString()] as const);
      const get = (name: string): string | undefined => fields.find(([k]) => k === name)?.[1];
      const buckets = fields.flatMap(([k, v]) => (k.startsWith('s') ? (parseBucket(v) ?? []) : [])).sort((a, b) => a.bucket - b.bucket);
      return { peak: Number(get('peak') ?? 0), devices: Number(devices), public: get('public') === '1', buckets };
    },
    async setPublic(boardId, on) {
      await client.hSet(keys.participation(boardId), 'public', on ? '1' : '0');
    },
    async deleteBoard(boardId) {
      await client.unlink([keys.participation(boardId), keys.participationDevices(boardId)]);
    }
  };
}
