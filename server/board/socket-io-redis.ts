/** Scale-out: socket.io rooms and broadcasts shared between instances by @socket.io/redis-adapter. */
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { Server } from 'socket.io';

export function attachRedisAdapter(
  io: { adapter(factory: unknown): unknown },
  redis: { url: string; prefix: string; clientName?: string },
  logger: Logger
): { close(): Promise<void> } {
  const reconnectStrategy = (retries: number): number => Math.min(100 * 2 ** Math.min(retries, 6), 5000);
  const pub = createClient({ url: redis.url, socket: { reconnectStrategy }, ...(redis.clientName ? { name: redis.clientName } : {}) });
  const sub = pub.duplicate();
  for (const [name, client] of [
    ['socket.io pub', pub],
    ['socket.io sub', sub]
  ] as const) {
    client.on('error', (err: Error) => logger.debug({ redis: name, err: err.message }, 'redis adapter connection error'));
    client.connect().catch((err: unknown) => logger.error({ redis: name, err: String(err) }, 'redis adapter connect failed'));
  }
  (io as unknown as Server).adapter(createAdapter(pub, sub, { key: `${redis.prefix}socket.io`, requestsTimeout: 2000 }));
  return {
    async close() {
      await Promise.allSettled([pub.close(), sub.close()]);
    }
  };
}
