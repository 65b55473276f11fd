/** Parses the environment once, at start-up. Nothing else in the server reads `process.env`. */
import { resolve } from 'node:path';

export type StoreKind = 'sqlite' | 'memory';
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
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Public base URL for links; null = http://localhost:<listening port>. */
  publicUrl: string | null;
  /** Unset = embedded mode (in-memory bus). Parsed only; the Redis adapters come later. */
  redisUrl: string | null;
  store: StoreKind;
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
  minFlushIntervalMs: 5
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
  minFlushIntervalMs: 'LIMIT_MIN_FLUSH_INTERVAL_MS'
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
  for (const key of Object.keys(LIMIT_ENV) as (keyof Limits)[]) limits[key] = integer(env, LIMIT_ENV[key], limits[key], key === 'minFlushIntervalMs' ? 0 : 1);
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
  const store = (env.STORE ?? 'sqlite') as StoreKind;
  if (store !== 'sqlite' && store !== 'memory') throw new ConfigError('STORE must be sqlite or memory');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    publicUrl: parseUrl(env, 'PUBLIC_URL') ?? (port === 0 ? null : `http://localhost:${port}`),
    redisUrl: parseUrl(env, 'REDIS_URL'),
    store,
    buildDir: resolve(env.BUILD_DIR || './build'),
    logLevel: level,
    limits: parseLimits(env)
  };
}
