/** The publication of an event's outputs in Redis: one key per event holding the epoch ms. */
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import type { PublicationStore } from '../../outputs/publication-store.js';

export function createRedisPublicationStore(options: { redis: RedisConnection; keys: RedisKeys }): PublicationStore {
  const { keys } = options;
  const client = options.redis.client;
  return {
    async getOutputsPublished(eventId) {
      const raw = await client.get(keys.outputsPublished(eventId));
      return raw ? Number(raw.toString()) : null;
    },
    async setOutputsPublished(eventId, at) {
      if (at === null) await client.del(keys.outputsPublished(eventId));
      else await client.set(keys.outputsPublished(eventId), String(at));
    }
  };
}
