/**
 * Fan-out between instances over Redis pub/sub: one publishing connection and one subscriber
 * connection. Pub/sub drops what is published while a connection is down, so after every
 * reconnect the bus tells its `onResync` listeners, which catch up from the shared store.
 */
import type { Logger } from 'pino';
import { connectRedis, type RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import type { Bus, BusHandler, ResyncReason } from '../../sync/bus.js';

const ANTI_ENTROPY_MS = 15_000;
const RECONNECT_SETTLE_MS = 2000;

export interface RedisBusOptions {
  /** The publishing connection (shared with the store). */
  redis: RedisConnection;
  url: string;
  keys: RedisKeys;
  logger: Logger;
  clientName?: string;
  /** How often rooms check that they hold every stored update (default 15 s). */
  antiEntropyMs?: number;
}

export interface RedisBus extends Bus {
  /** Called after the subscriber or publisher connection comes back from an outage. */
  onResync(listener: (reason: ResyncReason) => void): () => void;
  subscriber: RedisConnection;
}

export function createRedisBus(options: RedisBusOptions): RedisBus {
  const { redis, keys, logger } = options;
  const subscriber = connectRedis({ url: options.url, name: 'subscriber', clientName: options.clientName, logger });
  const handlers = new Map<string, Set<BusHandler>>();
  const resync = new Set<(reason: ResyncReason) => void>();

  const deliver = (message: Buffer, channel: Buffer | string): void => {
    const set = handlers.get(channel.toString());
    if (!set) return;
    const bytes = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    for (const handler of [...set]) handler(bytes);
  };
  const fireResync = (reason: ResyncReason): void => {
    for (const l of [...resync]) l(reason);
  };
  // After a reconnect: now, and once more a moment later, because one connection's signal can
  // come while the other is still resubscribing (a message published then would be missed).
  let settle: NodeJS.Timeout | null = null;
  const afterReconnect = (): void => {
    fireResync('reconnect');
    if (settle) clearTimeout(settle);
    settle = setTimeout(() => fireResync('reconnect'), RECONNECT_SETTLE_MS);
    settle.unref();
  };
  subscriber.onReconnect(afterReconnect);
  redis.onReconnect(afterReconnect);
  // Anti-entropy: pub/sub gives no delivery guarantee, so rooms also catch up with the store
  // periodically; a message lost in any window (a reconnect racing a resubscribe) heals in time.
  const periodic = setInterval(() => fireResync('periodic'), options.antiEntropyMs ?? ANTI_ENTROPY_MS);
  periodic.unref();

  return {
    subscriber,
    async publish(channel, message) {
      await redis.client.publish(keys.channel(channel), Buffer.from(message.buffer, message.byteOffset, message.byteLength));
    },
    subscribe(channel, handler) {
      const full = keys.channel(channel);
      let set = handlers.get(full);
      if (!set) {
        handlers.set(full, (set = new Set()));
        subscriber.client.subscribe(full, deliver, true).catch((err: unknown) => logger.warn({ err: String(err), channel }, 'subscribe failed'));
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size > 0 || handlers.get(full) !== set) return;
        handlers.delete(full);
        subscriber.client.unsubscribe(full, deliver, true).catch(() => undefined);
      };
    },
    onResync(listener) {
      resync.add(listener);
      return () => resync.delete(listener);
    },
    async close() {
      clearInterval(periodic);
      if (settle) clearTimeout(settle);
      handlers.clear();
      resync.clear();
      await subscriber.close();
    }
  };
}
