/** Outputs (materials, published flag, checkpoints) in Redis; key names come from redis/keys.ts. */
import type { RedisConnection } from '../redis/connection.js';
import type { RedisKeys } from '../redis/keys.js';
import { sortMaterials, type MaterialRecord, type OutputsStore } from './outputs-store.js';

export function createRedisOutputsStore(options: { redis: RedisConnection; keys: RedisKeys }): OutputsStore {
  const { keys } = options;
  const client = options.redis.client;
  const getMaterial = async (id: string): Promise<MaterialRecord | null> => {
    const raw = await client.get(keys.material(id));
    return raw ? (JSON.parse(raw.toString()) as MaterialRecord) : null;
  };
  return {
    async addMaterial(m) {
      const ok = await client.set(keys.material(m.id), JSON.stringify(m), { condition: 'NX' });
      if (ok === null) throw new Error(`Material ${m.id} exists`);
      await client.sAdd(keys.eventMaterials(m.eventId), m.id);
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
      await client.del(keys.material(id));
      await client.sRem(keys.eventMaterials(m.eventId), id);
      return true;
    },
    async getOutputsPublished(eventId) {
      const raw = await client.get(keys.outputsPublished(eventId));
      return raw ? Number(raw.toString()) : null;
    },
    async setOutputsPublished(eventId, at) {
      if (at === null) await client.del(keys.outputsPublished(eventId));
      else await client.set(keys.outputsPublished(eventId), String(at));
    },
    async addCheckpoint(boardId, at, update) {
      await client.hSet(keys.checkpoints(boardId), String(at), Buffer.from(update));
    },
    async listCheckpoints(boardId) {
      const fields = await client.hKeys(keys.checkpoints(boardId));
      return fields.map((f) => Number(f.toString())).sort((a, b) => a - b);
    },
    async getCheckpoint(boardId, at) {
      const raw = await client.hGet(keys.checkpoints(boardId), String(at));
      return raw ? new Uint8Array(raw as Buffer) : null;
    },
    async deleteCheckpoint(boardId, at) {
      await client.hDel(keys.checkpoints(boardId), String(at));
    }
  };
}
