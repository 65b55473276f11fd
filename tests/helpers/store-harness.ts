/**
 * The storages a port's contract suite runs against: memory, SQLite in a fresh directory, and
 * Redis under a key prefix of its own. `storeHarnesses` builds one harness factory per backend
 * from the three constructors, so every suite runs the same rules over all three.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openSqlite, type SqliteDatabase } from '../../server/infra/sqlite/sqlite.js';
import { connectRedis, type RedisConnection } from '../../server/infra/redis/connection.js';
import { redisKeys, type RedisKeys } from '../../server/infra/redis/keys.js';
import { getTestRedis, runPrefix, type TestRedis } from './redis.js';
import { waitFor } from '../../support/wait.js';

export interface Harness<T> {
  open(): Promise<T>;
  /** The raw bytes of every file the storage keeps (durable file-based implementations only). */
  files?: () => Promise<Buffer[]>;
  /** Closes and reopens the same storage (durable implementations only). */
  reopen?: () => Promise<T>;
  dispose(): Promise<void>;
}

function sqliteHarness<T>(make: (db: SqliteDatabase) => T): () => Harness<T> {
  return () => {
    let dir = '';
    let db: SqliteDatabase | null = null;
    const open = async (): Promise<T> => {
      dir ||= await mkdtemp(join(tmpdir(), 'pb-contract-'));
      db = openSqlite({ dataDir: dir });
      return make(db);
    };
    return {
      open,
      files: async () => Promise.all((await readdir(dir)).map((f) => readFile(join(dir, f)))),
      reopen: async () => {
        db?.close();
        return open();
      },
      dispose: async () => {
        db?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    };
  };
}

/** A Redis store on the test Redis, under a key prefix of its own (deleted at the end). */
const redisHarness =
  <T>(make: (redis: RedisConnection, keys: RedisKeys) => T) =>
  (): Harness<T> => {
    let redis: TestRedis | null = null;
    let connection: RedisConnection | null = null;
    const prefix = runPrefix('contract');
    const open = async (): Promise<T> => {
      redis ??= await getTestRedis();
      const opened = connectRedis({ url: redis.url, name: 'contract', logger: pino({ level: 'silent' }) });
      connection = opened;
      await waitFor(() => opened.status() === 'ready', 'redis connected');
      return make(opened, redisKeys(prefix));
    };
    return {
      open,
      reopen: async () => {
        await connection?.close();
        return open();
      },
      dispose: async () => {
        if (connection) {
          const keys = await connection.client.keys(`${prefix}*`);
          if (keys.length) await connection.client.del(keys);
          await connection.close();
        }
        await redis?.stop();
      }
    };
  };

/** One harness factory per backend, from the port's three implementations. */
export function storeHarnesses<T>(make: {
  memory: () => T;
  sqlite: (options: { db: SqliteDatabase }) => T;
  redis: (options: { redis: RedisConnection; keys: RedisKeys }) => T;
}): Record<'memory' | 'sqlite' | 'redis', () => Harness<T>> {
  return {
    memory: () => ({ open: async () => make.memory(), dispose: async () => undefined }),
    sqlite: sqliteHarness((db) => make.sqlite({ db })),
    redis: redisHarness((redis, keys) => make.redis({ redis, keys }))
  };
}
