/**
 * Two instances behind Redis: two servers of one kind (separate child processes, each with its
 * own port, and for ours its own DATA_DIR) share REDIS_URL and a REDIS_PREFIX unique to the run.
 * Ours scale out through their own Redis layer; Hocuspocus through @hocuspocus/extension-redis
 * (bench/hocuspocus-server.mjs). The board is created on instance A; readers and writers are
 * split evenly over A and B, and the fan-out figures are taken as in the single-instance
 * scenario, CPU and RSS summed over both processes. Redis's own cost (redis-cost.ts) is read over
 * the same timed window as the servers' CPU. The keys under the prefix are deleted at the end,
 * and both children are always stopped.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { createClient } from 'redis';
import { runFanoutOn, type FanoutParams, type FanoutResult } from './fanout.js';
import { startServer, type RunningServer, type ServerKind } from '../servers.js';
import { privateRedis } from './anti-entropy.js';
import { redisProbe, type RedisCost, type RedisProbe } from '../redis-cost.js';

export interface RedisFanoutParams extends FanoutParams {
  redisUrl: string;
  /** LIMIT_FLUSH_MICROS_PER_CONNECTION of both instances of ours; null keeps the server default. */
  flushMicrosPerConnection: number | null;
}

export interface RedisFanoutResult extends FanoutResult {
  instances: number;
  redisPrefix: string;
  /** Keys under the prefix deleted at the end. */
  keysDeleted: number;
  redis: RedisCost | null;
}

const PING_TIMEOUT_MS = 2_000;

/** null when a Redis answers PING at `url`, else why not. */
export function pingRedis(url: string): Promise<string | null> {
  let host = '127.0.0.1';
  let port = 6379;
  try {
    const u = new URL(url);
    host = u.hostname || host;
    port = Number(u.port) || port;
  } catch {
    return Promise.resolve(`bad Redis URL ${url}`);
  }
  return new Promise((res) => {
    const sock = connect({ host, port });
    let got = '';
    const done = (why: string | null) => {
      clearTimeout(timer);
      sock.destroy();
      res(why);
    };
    const timer = setTimeout(() => done(`no answer to PING within ${PING_TIMEOUT_MS} ms`), PING_TIMEOUT_MS);
    sock.once('error', (err) => done(err.message));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      got += d.toString();
      if (got.includes('\r\n')) done(got.startsWith('+PONG') || got.startsWith('-NOAUTH') ? null : `unexpected answer ${JSON.stringify(got.trim())}`);
    });
  });
}

/** Deletes every key under `prefix` (SCAN + DEL); returns how many. */
async function deleteKeys(url: string, prefix: string): Promise<number> {
  const client = createClient({ url, socket: { connectTimeout: PING_TIMEOUT_MS, reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  let n = 0;
  try {
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      const keys: string[] = Array.isArray(batch) ? batch : [batch as string];
      if (keys.length) n += await client.del(keys);
    }
  } finally {
    client.destroy();
  }
  return n;
}

/** Servers that scale out through Redis: ours and Hocuspocus (the reference has no scale-out). */
export const SCALES_OUT: readonly ServerKind[] = ['project', 'hocuspocus'];

export async function runRedisFanout(kind: ServerKind, p: RedisFanoutParams): Promise<RedisFanoutResult> {
  if (!SCALES_OUT.includes(kind)) throw new Error(`${kind} has no scale-out through Redis`);
  if (kind === 'hocuspocus' && !existsSync('node_modules/@hocuspocus/extension-redis/package.json'))
    throw new Error('@hocuspocus/extension-redis is not installed (npm install: it is a devDependency)');
  // 'private': a redis-server of the run's own, started here (so at the servers' priority, and
  // with no other work's commands in its queue), stopped at the end
  const own = p.redisUrl === 'private' ? await privateRedis() : null;
  const redisUrl = own?.url ?? p.redisUrl;
  const redisPrefix = `pbbench:${process.pid}:${Date.now()}:`;
  const flush: Record<string, string> = kind !== 'project' || p.flushMicrosPerConnection === null ? {} : { LIMIT_FLUSH_MICROS_PER_CONNECTION: String(p.flushMicrosPerConnection) };
  const env = (id: string) => ({ REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix, INSTANCE_ID: id, ...flush });
  const servers: RunningServer[] = [];
  let result: FanoutResult;
  let redis: RedisCost | null;
  let keysDeleted = 0;
  let probe: RedisProbe | null = null;
  try {
    // a private Redis serves this run alone; a shared one's counters include its other clients
    probe = await redisProbe(redisUrl, own === null);
    servers.push(await startServer(kind, env(`bench-a-${process.pid}`)));
    servers.push(await startServer(kind, env(`bench-b-${process.pid}`)));
    result = await runFanoutOn(servers, p, probe);
    redis = probe.cost(result.cardsSent, result.delivered);
  } finally {
    probe?.close();
    await Promise.allSettled(servers.map((s) => s.stop()));
    try {
      keysDeleted = await deleteKeys(redisUrl, redisPrefix);
    } catch (err) {
      process.stderr.write(`[bench] could not delete the Redis keys under ${redisPrefix}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    await own?.stop();
  }
  return { ...result, instances: servers.length, redisPrefix, keysDeleted, redis };
}
