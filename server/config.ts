/** Parses the environment once, at start-up. Nothing else in the server reads `process.env`. */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseTrustProxy, TrustProxyError, type TrustProxy } from './limits/address.js';

/** sqlite: embedded default; memory: tests; redis: scale-out (implied by REDIS_URL). */
export type StoreKind = 'sqlite' | 'memory' | 'redis';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Limits {
  /** Largest websocket frame accepted on /yjs (ws `maxPayload`). */
  maxFrameBytes: number;
  /** Approximate upper bound of one document's encoded size; updates beyond it are refused. */
  maxDocBytes: number;
  /** Largest awareness message a writer may send. */
  maxAwarenessBytes: number;
  /** Largest JSON body accepted by the HTTP API. */
  maxBodyBytes: number;
  /** Log entries per document before a background compaction into one snapshot. */
  compactAfterUpdates: number;
  /** Updates a read-only connection may send before it is closed with Forbidden. */
  readOnlyStrikes: number;
  /** Rejected writer updates per minute before the connection is closed with Forbidden. */
  policyStrikesPerMinute: number;
  /** Above this many buffered bytes a socket is skipped and resynced later. */
  sendBufferSoftBytes: number;
  /** Above this many buffered bytes a socket is closed with SlowConsumer. */
  sendBufferHardBytes: number;
  /** Awareness changes are coalesced and broadcast at most once per this interval. */
  awarenessThrottleMs: number;
  /**
   * A document flushes (persist + relay) at most once per this interval: no delay at low rates,
   * and under load several updates share one append and one frame per socket.
   */
  minFlushIntervalMs: number;
  /**
   * Under a large fan-out a document flushes less often: every flush writes one frame to each
   * connection (one syscall each), so the interval grows by this many microseconds per
   * connection of the room (1,000 readers at 20 µs: 20 ms), up to `maxFlushIntervalMs`.
   */
  flushMicrosPerConnection: number;
  maxFlushIntervalMs: number;
  /** Open websocket + socket.io connections per board on this instance; past it: 4529 / connect_error. */
  maxConnectionsPerBoard: number;
  /** Open websocket + socket.io connections per client IP on this instance; past it: 4529 / connect_error. */
  maxConnectionsPerIp: number;
  /** Frames per second one /yjs connection may send (1 s window); past it the connection is closed with 4529. */
  yjsMessagesPerSecond: number;
  /** socket.io actions per second per socket; past it the action is acked `rate-limited`. */
  actionsPerSecond: number;
  /** Awareness client ids one connection may introduce; entries for more (or for others' ids) are dropped. */
  maxAwarenessClientsPerConnection: number;
  /** POST /api/events per client IP per minute; past it: 429 `rate-limited`. */
  eventsPerMinutePerIp: number;
  /** Largest HTTP request head (request line + headers, also of websocket upgrades); past it: 431. */
  maxHeaderBytes: number;
  /** A connection that has not sent complete request headers within this time is closed (slowloris). */
  headersTimeoutMs: number;
  /** Websocket ping interval; a /yjs peer that misses a whole interval without a pong is dropped (dead peer). */
  pingIntervalMs: number;
  /** Largest uploaded material file (bytes). */
  maxMaterialBytes: number;
  /** Total size of one event's materials (bytes). */
  maxEventMaterialBytes: number;
  /** A changed board is checkpointed for session replay at most once per this interval. */
  checkpointIntervalMs: number;
  /** History checkpoints kept per board; older ones are thinned out beyond it. */
  maxCheckpoints: number;
  /** Largest board JSON accepted by POST /api/events/:id/import; past it: 413 `too-large`. */
  maxImportBytes: number;
  /** Cards (comments count apart, at twice this) an imported board may hold; past it: 422 `too-large`. */
  maxImportCards: number;
  /** Card votes plus poll ballots an imported board may hold; past it: 422 `too-large`. */
  maxImportVotes: number;
  /** Polls an imported board may hold; past it: 422 `too-large`. */
  maxImportPolls: number;
  /** Heavy jobs (import, replay decoding, PDF) waiting behind the running one; past it: 503 + Retry-After. */
  heavyQueueLength: number;
  /** A heavy job running longer than this is stopped (its worker terminated); the request gets 503. */
  heavyJobTimeoutMs: number;
  /** Old-generation heap of the heavy-work worker (MiB); a job that needs more fails alone, the server stays. */
  heavyWorkerHeapMb: number;
  /** PDF and zip downloads in progress per instance; past it: 429 + Retry-After. */
  maxConcurrentExports: number;
  /** An export download whose reader accepts no byte for this long is cut and its slot freed. */
  exportWriteTimeoutMs: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Public base URL for links; null = http://localhost:<listening port>. */
  publicUrl: string | null;
  /** Unset = embedded mode (SQLite, in-process bus); set = scale-out through Redis. */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel (REDIS_PREFIX, default "pb:"), so deployments and test runs can share a Redis. */
  redisPrefix: string;
  /** Names this process in logs and in Redis CLIENT LIST (INSTANCE_ID, default random). */
  instanceId: string;
  store: StoreKind;
  /** Which forwarding headers to believe for the client address (TRUST_PROXY; default: none). */
  trustProxy: TrustProxy;
  /** Directory of the adapter-node build (holds handler.js). */
  buildDir: string;
  logLevel: LogLevel;
  limits: Limits;
}

export const DEFAULT_LIMITS: Limits = {
  maxFrameBytes: 1024 * 1024,
  maxDocBytes: 32 * 1024 * 1024,
  maxAwarenessBytes: 16 * 1024,
  maxBodyBytes: 64 * 1024,
  compactAfterUpdates: 500,
  readOnlyStrikes: 10,
  policyStrikesPerMinute: 20,
  sendBufferSoftBytes: 1024 * 1024,
  sendBufferHardBytes: 16 * 1024 * 1024,
  awarenessThrottleMs: 50,
  minFlushIntervalMs: 1,
  flushMicrosPerConnection: 20,
  maxFlushIntervalMs: 40,
  maxConnectionsPerBoard: 2000,
  maxConnectionsPerIp: 500,
  yjsMessagesPerSecond: 300,
  actionsPerSecond: 20,
  maxAwarenessClientsPerConnection: 8,
  eventsPerMinutePerIp: 10,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  pingIntervalMs: 30_000,
  maxMaterialBytes: 25 * 1024 * 1024,
  maxEventMaterialBytes: 500 * 1024 * 1024,
  checkpointIntervalMs: 30_000,
  maxCheckpoints: 400,
  maxImportBytes: 4 * 1024 * 1024,
  maxImportCards: 2000,
  maxImportVotes: 30_000,
  maxImportPolls: 50,
  heavyQueueLength: 4,
  heavyJobTimeoutMs: 60_000,
  heavyWorkerHeapMb: 256,
  maxConcurrentExports: 4,
  exportWriteTimeoutMs: 30_000
};

const LIMIT_ENV: Record<keyof Limits, string> = {
  maxFrameBytes: 'LIMIT_MAX_FRAME_BYTES',
  maxDocBytes: 'LIMIT_MAX_DOC_BYTES',
  maxAwarenessBytes: 'LIMIT_MAX_AWARENESS_BYTES',
  maxBodyBytes: 'LIMIT_MAX_BODY_BYTES',
  compactAfterUpdates: 'LIMIT_COMPACT_AFTER_UPDATES',
  readOnlyStrikes: 'LIMIT_READ_ONLY_STRIKES',
  policyStrikesPerMinute: 'LIMIT_POLICY_STRIKES_PER_MINUTE',
  sendBufferSoftBytes: 'LIMIT_SEND_BUFFER_SOFT_BYTES',
  sendBufferHardBytes: 'LIMIT_SEND_BUFFER_HARD_BYTES',
  awarenessThrottleMs: 'LIMIT_AWARENESS_THROTTLE_MS',
  minFlushIntervalMs: 'LIMIT_MIN_FLUSH_INTERVAL_MS',
  flushMicrosPerConnection: 'LIMIT_FLUSH_MICROS_PER_CONNECTION',
  maxFlushIntervalMs: 'LIMIT_MAX_FLUSH_INTERVAL_MS',
  maxConnectionsPerBoard: 'LIMIT_MAX_CONNECTIONS_PER_BOARD',
  maxConnectionsPerIp: 'LIMIT_MAX_CONNECTIONS_PER_IP',
  yjsMessagesPerSecond: 'LIMIT_YJS_MESSAGES_PER_SECOND',
  actionsPerSecond: 'LIMIT_ACTIONS_PER_SECOND',
  maxAwarenessClientsPerConnection: 'LIMIT_MAX_AWARENESS_CLIENTS',
  eventsPerMinutePerIp: 'LIMIT_EVENTS_PER_MINUTE_PER_IP',
  maxHeaderBytes: 'LIMIT_MAX_HEADER_BYTES',
  headersTimeoutMs: 'LIMIT_HEADERS_TIMEOUT_MS',
  pingIntervalMs: 'LIMIT_PING_INTERVAL_MS',
  maxMaterialBytes: 'LIMIT_MAX_MATERIAL_BYTES',
  maxEventMaterialBytes: 'LIMIT_MAX_EVENT_MATERIAL_BYTES',
  checkpointIntervalMs: 'LIMIT_CHECKPOINT_INTERVAL_MS',
  maxCheckpoints: 'LIMIT_MAX_CHECKPOINTS',
  maxImportBytes: 'LIMIT_MAX_IMPORT_BYTES',
  maxImportCards: 'LIMIT_MAX_IMPORT_CARDS',
  maxImportVotes: 'LIMIT_MAX_IMPORT_VOTES',
  maxImportPolls: 'LIMIT_MAX_IMPORT_POLLS',
  heavyQueueLength: 'LIMIT_HEAVY_QUEUE_LENGTH',
  heavyJobTimeoutMs: 'LIMIT_HEAVY_JOB_TIMEOUT_MS',
  heavyWorkerHeapMb: 'LIMIT_HEAVY_WORKER_HEAP_MB',
  maxConcurrentExports: 'LIMIT_MAX_CONCURRENT_EXPORTS',
  exportWriteTimeoutMs: 'LIMIT_EXPORT_WRITE_TIMEOUT_MS'
};

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function parseLimits(env: Env): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof Limits)[]) limits[key] = integer(env, LIMIT_ENV[key], limits[key], key === 'minFlushIntervalMs' || key === 'flushMicrosPerConnection' ? 0 : 1);
  return limits;
}

function parseUrl(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  try {
    return new URL(raw).href.replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
}

export function loadConfig(env: Env): Config {
  const port = integer(env, 'PORT', 3000);
  if (port > 65535) throw new ConfigError(`PORT out of range: ${port}`);
  const level = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const redisUrl = parseUrl(env, 'REDIS_URL');
  const store = (env.STORE ?? (redisUrl ? 'redis' : 'sqlite')) as StoreKind;
  if (store !== 'sqlite' && store !== 'memory' && store !== 'redis') throw new ConfigError('STORE must be sqlite, memory or redis');
  if (store === 'redis' && !redisUrl) throw new ConfigError('STORE=redis needs REDIS_URL');
  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(env.TRUST_PROXY);
  } catch (err) {
    throw new ConfigError(err instanceof TrustProxyError ? err.message : String(err));
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    publicUrl: parseUrl(env, 'PUBLIC_URL') ?? (port === 0 ? null : `http://localhost:${port}`),
    redisUrl,
    redisPrefix: env.REDIS_PREFIX || 'pb:',
    instanceId: env.INSTANCE_ID || randomUUID().slice(0, 8),
    store,
    trustProxy,
    buildDir: resolve(env.BUILD_DIR || './build'),
    logLevel: level,
    limits: parseLimits(env)
  };
}
