/**
 * Material records in Redis; key names come from redis/keys.ts. An event's material quota is one counter of stored bytes, changed in the same script as the
 * records, plus a hash of live upload reservations; reserving is one script, so two instances
 * never both hand out the same room.
 */
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import { sortMaterials, type MaterialRecord, type MaterialStore } from '../../outputs/materials/material-store.js';

// KEYS: bytes counter, reservations, event materials set. ARGV: reservation id, bytes, max, now,
// expiresAt, material key prefix. A missing counter (data from before it) is summed from the
// records once. Returns {1, 0} or {0, room}.
const RESERVE = `
local used = redis.call('GET', KEYS[1])
if used then used = tonumber(used) else
  used = 0
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
    local raw = redis.call('GET', ARGV[6] .. id)
    if raw then used = used + cjson.decode(raw).size end
  end
  redis.call('SET', KEYS[1], used)
end
local now = tonumber(ARGV[4])
local held = redis.call('HGETALL', KEYS[2])
for i = 1, #held, 2 do
  local bytes, deadline = string.match(held[i + 1], '^(%d+):(%d+)$')
  if tonumber(deadline) < now then redis.call('HDEL', KEYS[2], held[i]) else used = used + tonumber(bytes) end
end
local want = tonumber(ARGV[2])
if used + want > tonumber(ARGV[3]) then return {0, math.max(0, tonumber(ARGV[3]) - used)} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. ARGV[5])
local ttl = tonumber(ARGV[5]) - now
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return {1, 0}
`;

// KEYS: material, event materials set, bytes counter, reservations. ARGV: json, id, size, reservation id.
const ADD = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('INCRBY', KEYS[3], ARGV[3]) end
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[4], ARGV[4]) end
return 1
`;

// KEYS: material, event materials set, bytes counter. ARGV: id.
const DELETE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('DECRBY', KEYS[3], cjson.decode(raw).size) end
return 1
`;

export function createRedisMaterialStore(options: { redis: RedisConnection; keys: RedisKeys }): MaterialStore {
  const { keys } = options;
  const client = options.redis.client;
  const getMaterial = async (id: string): Promise<MaterialRecord | null> => {
    const raw = await client.get(keys.material(id));
    return raw ? (JSON.parse(raw.toString()) as MaterialRecord) : null;
  };
  return {
    async reserveMaterialBytes(r) {
      const reply = (await client.eval(RESERVE, {
        keys: [keys.eventMaterialBytes(r.eventId), keys.eventMaterialReservations(r.eventId), keys.eventMaterials(r.eventId)],
        arguments: [r.reservationId, String(r.bytes), String(r.maxBytes), String(r.now), String(r.expiresAt), keys.material('')]
      })) as [number, number];
      return Number(reply[0]) === 1 ? { ok: true } : { ok: false, room: Number(reply[1]) };
    },
    async releaseMaterialBytes(eventId, reservationId) {
      await client.hDel(keys.eventMaterialReservations(eventId), reservationId);
    },
    async addMaterial(m, reservationId) {
      const ok = await client.eval(ADD, {
        keys: [keys.material(m.id), keys.eventMaterials(m.eventId), keys.eventMaterialBytes(m.eventId), keys.eventMaterialReservations(m.eventId)],
        arguments: [JSON.stringify(m), m.id, String(m.size), reservationId ?? '']
      });
      if (Number(ok) !== 1) throw new Error(`Material ${m.id} exists`);
    },
    getMaterial,
    async listMaterials(eventId) {
      const ids = (await client.sMembers(keys.eventMaterials(eventId))).map((b) => b.toString());
      const list = await Promise.all(ids.map(getMaterial));
      return sortMaterials(list.filter((m): m is MaterialRecord => m !== null));
    },
    async updateMaterial(id, patch) {
      const m = await getMaterial(id);
      if (!m) return null;
      const next: MaterialRecord = { ...m, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      await client.set(keys.material(id), JSON.stringify(next), { condition: 'XX' });
      return next;
    },
    async deleteMaterial(id) {
      const m = await getMaterial(id);
      if (!m) return false;
      const done = await client.eval(DELETE, { keys: [keys.material(id), keys.eventMaterials(m.eventId), keys.eventMaterialBytes(m.eventId)], arguments: [id] });
      return Number(done) === 1;
    },
    async deleteEventMaterials(eventId) {
      const ids = (await client.sMembers(keys.eventMaterials(eventId))).map((b) => b.toString());
      await client.unlink([...ids.map((id) => keys.material(id)), keys.eventMaterials(eventId), keys.eventMaterialBytes(eventId), keys.eventMaterialReservations(eventId)]);
    }
  };
}
