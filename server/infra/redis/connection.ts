/**
 * Redis connections for scale-out mode: binary-safe replies, exponential reconnect backoff,
 * and a status that /healthz reports. Never throws on a lost connection; callers see rejected
 * commands while it is down.
 */
import type { Logger } from 'pino';
import { createClient, RESP_TYPES } from 'redis';

export type RedisStatus = 'connecting' | 'ready' | 'down';

export function createBinaryClient(url: string, clientName?: string) {
  return createClient({
    url,
    ...(clientName ? { name: clientName } : {}),
    socket: {
      connectTimeout: 5000,
      // 100 ms, 200 ms, 400 ms … capped at 5 s: retry for ever, never crash-loop.
      reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 6), 5000)
    },
    // Fail fast while Redis is down: callers retry or resync, and /healthz never hangs.
    disableOfflineQueue: true
  }).withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
}

export type BinaryClient = ReturnType<typeof createBinaryClient>;

export interface RedisConnection {
  readonly client: BinaryClient;
  status(): RedisStatus;
  /** Resolves true once the connection is ready, or false when `timeoutMs` passes first. */
  ready(timeoutMs: number): Promise<boolean>;
  /** Called each time the connection becomes ready again after being lost. */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  url: string;
  name: string;
  /** CLIENT SETNAME, so operators (and fault tests) can find this instance's connections. */
  clientName?: string;
  logger: Logger;
}

/** Connects in the background: the server starts (degraded) even when Redis is down. */
export function connectRedis(options: RedisConnectionOptions): RedisConnection {
  const { url, name, logger } = options;
  const client = createBinaryClient(url, options.clientName);
  let status: RedisStatus = 'connecting';
  let everReady = false;
  let lastError = '';
  const listeners = new Set<() => void>();
  client.on('error', (err: Error) => {
    // Log each distinct error once per outage, not on every retry.
    if (err.message !== lastError) logger.error({ redis: name, err: err.message }, 'redis connection error; retrying with backoff');
    lastError = err.message;
    status = 'down';
  });
  client.on('ready', () => {
    status = 'ready';
    lastError = '';
    logger.info({ redis: name }, everReady ? 'redis reconnected' : 'redis connected');
    if (everReady) for (const l of [...listeners]) l();
    everReady = true;
  });
  client.on('reconnecting', () => {
    if (status === 'ready') status = 'down';
  });
  client.connect().catch((err: unknown) => {
    status = 'down';
    logger.error({ redis: name, err: String(err) }, 'redis connect failed');
  });
  return {
    client,
    status: () => status,
    ready: (timeoutMs) =>
      status === 'ready'
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const done = (ok: boolean): void => {
              clearTimeout(timer);
              client.off('ready', onReady);
              resolve(ok);
            };
            const onReady = (): void => done(true);
            const timer = setTimeout(() => done(false), timeoutMs);
            client.on('ready', onReady);
          }),
    onReconnect(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    }
  };
}
