/**
 * Storage and fan-out, picked once at start-up. Embedded (default): SQLite under DATA_DIR (one
 * file, a table set per store) and an in-process bus. Scale-out (REDIS_URL): Redis holds the
 * shared document log, every store and the pub/sub bus. The room logic is the same in both; only these adapters differ.
 */
import { join } from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { BlobStore } from '../outputs/materials/blob-store.js';
import { createFsBlobStore } from '../infra/fs/blob-store-fs.js';
import { createRedisBlobStore } from '../infra/redis/blob-store-redis.js';
import { createStorageBudget, type StorageBudget } from '../limits/storage-budget.js';
import { createRedisMemoryBudget } from '../infra/redis/storage-budget-redis.js';
import { createMemoryRateLimiters, type RateLimiters } from '../limits/rate-limiter.js';
import { createRedisRateLimiters } from '../infra/redis/rate-limiter-redis.js';
import type { DocStore } from '../sync/doc-store.js';
import { createMemoryDocStore } from '../infra/memory/doc-store-memory.js';
import { createRedisDocStore } from '../infra/redis/doc-store-redis.js';
import { createSqliteDocStore } from '../infra/sqlite/doc-store-sqlite.js';
import type { EventStore } from '../events/event-store.js';
import { createMemoryEventStore } from '../infra/memory/event-store-memory.js';
import { createRedisEventStore } from '../infra/redis/event-store-redis.js';
import { createSqliteEventStore } from '../infra/sqlite/event-store-sqlite.js';
import type { MaterialStore } from '../outputs/materials/material-store.js';
import { createMemoryMaterialStore } from '../infra/memory/material-store-memory.js';
import { createRedisMaterialStore } from '../infra/redis/material-store-redis.js';
import { createSqliteMaterialStore } from '../infra/sqlite/material-store-sqlite.js';
import type { PublicationStore } from '../outputs/publication-store.js';
import { createMemoryPublicationStore } from '../infra/memory/publication-store-memory.js';
import { createRedisPublicationStore } from '../infra/redis/publication-store-redis.js';
import { createSqlitePublicationStore } from '../infra/sqlite/publication-store-sqlite.js';
import type { CheckpointStore } from '../outputs/history/checkpoint-store.js';
import { createMemoryCheckpointStore } from '../infra/memory/checkpoint-store-memory.js';
import { createRedisCheckpointStore } from '../infra/redis/checkpoint-store-redis.js';
import { createSqliteCheckpointStore } from '../infra/sqlite/checkpoint-store-sqlite.js';
import type { ParticipationStore } from '../outputs/participation/participation-store.js';
import { createMemoryParticipationStore } from '../infra/memory/participation-store-memory.js';
import { createRedisParticipationStore } from '../infra/redis/participation-store-redis.js';
import { createSqliteParticipationStore } from '../infra/sqlite/participation-store-sqlite.js';
import { openSqlite, vacuumSqlite } from '../infra/sqlite/sqlite.js';
import type { Bus } from '../sync/bus.js';
import { createMemoryBus } from '../infra/memory/bus-memory.js';
import { createRedisBus } from '../infra/redis/bus-redis.js';
import { connectRedis, type RedisConnection } from '../infra/redis/connection.js';
import { redisKeys } from '../infra/redis/keys.js';
import { scrubRedisPersistence } from '../infra/redis/scrub.js';
import { processLock, type SweepLock } from '../events/retention/lock.js';
import { createRedisSweepLock } from '../infra/redis/sweep-lock-redis.js';
import { createProcessCheckpointLocks, type CheckpointLocks } from '../outputs/history/checkpoint-lock.js';
import { createRedisCheckpointLocks } from '../infra/redis/checkpoint-lock-redis.js';

export type CheckStatus = 'ok' | 'degraded' | 'down';

/** The stores by what they hold; each port sits in the feature that owns it. */
export interface Stores {
  docs: DocStore;
  /** Events, boards, join codes, tokens, privacy settings, server secrets. */
  events: EventStore;
  /** Material records and quota reservations (the bytes: `blobs`). */
  materials: MaterialStore;
  publication: PublicationStore;
  checkpoints: CheckpointStore;
  /** Participation counters (peak audience, devices, activity per bucket): beside the board data. */
  participation: ParticipationStore;
}

export interface Backends extends Stores {
  bus: Bus;
  /** Rate limits by address, device or board: in Redis in scale-out, so they hold across instances. */
  limiters: RateLimiters;
  /** Material bytes: a directory under DATA_DIR (embedded), or chunks in Redis (scale-out), so every instance reads them. */
  blobs: BlobStore;
  /** Checked before writes: the DATA_DIR budget and disk floor (embedded), Redis's free memory (scale-out). */
  storage: StorageBudget;
  /** Set in scale-out mode: what the socket.io Redis adapter needs. */
  redis: { url: string; prefix: string; clientName: string } | null;
  /** Health of the connections behind the stores, for /healthz and /metrics. */
  checks(): Record<string, CheckStatus>;
  /**
   * Resolves true once every connection behind the stores is up (at once when embedded), or
   * false after `timeoutMs`: the server listens after it, so its first requests do not meet a
   * Redis connection still opening (commands fail fast while it is not ready).
   */
  ready(timeoutMs: number): Promise<boolean>;
  /**
   * After an event's purge: makes the deleted bytes unrecoverable from the medium (SQLite:
   * vacuum and WAL truncation on top of secure_delete; Redis: the rate-limit buckets named after
   * `ids` deleted, then the AOF rewritten and the RDB saved again).
   */
  eraseMedium(ids: readonly string[]): Promise<void>;
  /** Held by the instance that runs the retention sweep (Redis: one across instances). */
  sweepLock: SweepLock;
  /** Held by whoever changes a board's history checkpoints (Redis: across instances). */
  checkpointLocks: CheckpointLocks;
  close(): Promise<void>;
}

export interface BackendOptions {
  config: Config;
  logger: Logger;
  /** Overrides the bus (tests join in-process instances with one memory bus). */
  bus?: Bus;
}

const statusOf = (c: RedisConnection): CheckStatus => (c.status() === 'ready' ? 'ok' : 'down');

/** Deletes the rate-limit buckets keyed by a purged event's or board's id (quotas per board, uploads per event); SCAN keeps each call small. */
async function forgetBuckets(redis: RedisConnection, prefix: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    let cursor = '0';
    do {
      const [next, keys] = (await redis.client.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}rl:*${id}*`, 'COUNT', '1000'])) as [Buffer, Buffer[]];
      cursor = next.toString();
      if (keys.length > 0) await redis.client.unlink(keys.map((k) => k.toString()));
    } while (cursor !== '0');
  }
}

function redisBackends(config: Config, url: string, logger: Logger, sharedBus?: Bus): Backends {
  const keys = redisKeys(config.redisPrefix);
  const clientName = (role: string): string => `${config.redisPrefix}${config.instanceId}:${role}`.replace(/\s/g, '_');
  const redis = connectRedis({ url, name: 'main', clientName: clientName('main'), logger });
  const redisBus = createRedisBus({ redis, url, keys, logger, clientName: clientName('sub'), antiEntropyMs: config.limits.antiEntropyMs });
  return {
    docs: createRedisDocStore({ redis, keys, logger }),
    events: createRedisEventStore({ redis, keys }),
    materials: createRedisMaterialStore({ redis, keys }),
    publication: createRedisPublicationStore({ redis, keys }),
    checkpoints: createRedisCheckpointStore({ redis, keys }),
    participation: createRedisParticipationStore({ redis, keys }),
    bus: sharedBus ?? redisBus,
    limiters: createRedisRateLimiters({ redis, prefix: config.redisPrefix }),
    blobs: createRedisBlobStore({ redis, keys }),
    storage: createRedisMemoryBudget({ redis, minFreeBytes: config.limits.minFreeRedisBytes }),
    redis: { url, prefix: config.redisPrefix, clientName: clientName('io') },
    checks: () => ({ redis: statusOf(redis), bus: statusOf(redisBus.subscriber) }),
    ready: async (timeoutMs) => (await Promise.all([redis.ready(timeoutMs), redisBus.subscriber.ready(timeoutMs)])).every(Boolean),
    async eraseMedium(ids) {
      await forgetBuckets(redis, config.redisPrefix, ids);
      await scrubRedisPersistence({ client: redis.client, logger });
    },
    sweepLock: createRedisSweepLock({ client: redis.client, key: keys.retentionLock() }),
    checkpointLocks: createRedisCheckpointLocks({ client: redis.client, keys }),
    async close() {
      await redisBus.close();
      await redis.close();
    }
  };
}

/** Embedded mode: materials under DATA_DIR/materials, and the budget of everything under DATA_DIR. */
function localFiles(config: Config): Pick<Backends, 'blobs' | 'storage'> {
  const { maxDataDirBytes, minFreeDiskBytes } = config.limits;
  return {
    blobs: createFsBlobStore({ dir: join(config.dataDir, 'materials') }),
    storage: createStorageBudget({ dir: config.dataDir, maxBytes: maxDataDirBytes, minFreeBytes: minFreeDiskBytes })
  };
}

export function createBackends(options: BackendOptions): Backends {
  const { config, logger } = options;
  switch (config.store) {
    case 'redis':
      if (!config.redisUrl) throw new Error('STORE=redis needs REDIS_URL');
      return redisBackends(config, config.redisUrl, logger, options.bus);
    case 'memory': {
      const stores: Stores = {
        docs: createMemoryDocStore(),
        events: createMemoryEventStore(),
        materials: createMemoryMaterialStore(),
        publication: createMemoryPublicationStore(),
        checkpoints: createMemoryCheckpointStore(),
        participation: createMemoryParticipationStore()
      };
      const bus = options.bus ?? createMemoryBus();
      return {
        ...stores,
        bus,
        limiters: createMemoryRateLimiters(),
        ...localFiles(config),
        redis: null,
        checks: () => ({ store: 'ok' }),
        ready: async () => true,
        eraseMedium: async () => undefined,
        sweepLock: processLock,
        checkpointLocks: createProcessCheckpointLocks(stores.checkpoints),
        close: () => bus.close()
      };
    }
    case 'sqlite': {
      const db = openSqlite({ dataDir: config.dataDir });
      const docs = createSqliteDocStore({ db });
      const events = createSqliteEventStore({ db });
      const bus = options.bus ?? createMemoryBus();
      const checkpoints = createSqliteCheckpointStore({ db });
      return {
        docs,
        events,
        materials: createSqliteMaterialStore({ db }),
        publication: createSqlitePublicationStore({ db }),
        checkpoints,
        participation: createSqliteParticipationStore({ db }),
        bus,
        limiters: createMemoryRateLimiters(),
        ...localFiles(config),
        redis: null,
        checks: () => ({ store: db.open ? 'ok' : 'down' }),
        ready: async () => true,
        async eraseMedium() {
          const { sliced } = await vacuumSqlite(db);
          if (!sliced)
            logger.warn(
              'sqlite: database from before incremental vacuum: freed pages are zeroed (secure_delete) but the file is not shrunk; run VACUUM once while the server is stopped'
            );
        },
        sweepLock: processLock,
        checkpointLocks: createProcessCheckpointLocks(checkpoints),
        async close() {
          await Promise.all([docs.close(), events.close(), bus.close()]);
          db.close();
        }
      };
    }
    default: {
      const never: never = config.store;
      throw new Error(`Unknown store ${String(never)}`);
    }
  }
}
