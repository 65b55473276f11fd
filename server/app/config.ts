/** Parses the environment once, at start-up. Nothing else in the server reads `process.env`. */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseTrustProxy, TrustProxyError, type TrustProxy } from '../limits/address.js';
import { ConfigError, integer, parseSecret, parseUrl, type Env } from './env.js';
import { parseLimits, type Limits } from './limits.js';
import { LOCALES } from '../../src/lib/i18n/types.js';
import { parseTranslateConfig, type TranslateConfig } from '../translate/config.js';

/** sqlite: embedded default; memory: tests; redis: scale-out (implied by REDIS_URL). */
export type StoreKind = 'sqlite' | 'memory' | 'redis';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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
  /** Bearer token GET /metrics requires (METRICS_TOKEN); null = none. */
  metricsToken: string | null;
  /** Serve /metrics on this port only (METRICS_PORT; 0 = any free port); null = on the main port, and there only with a token. */
  metricsPort: number | null;
  /** Directory of the adapter-node build (holds handler.js). */
  buildDir: string;
  logLevel: LogLevel;
  limits: Limits;
  /**
   * DEVICE_SECRET: the server's own secret, the same on every instance; the key of device
   * identities (server/events/devices.ts) and the key the audience token is sealed under
   * (server/events/tokens.ts) are derived from it. Unset: each key is generated once and kept in
   * the store (SQLite, or Redis in scale-out), see server/events/secrets.ts.
   */
  deviceSecret: string | null;
  /** Card translation (TRANSLATE_URL, server/translate/config.ts); null = off. */
  translate: TranslateConfig | null;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
  const metricsPort = env.METRICS_PORT === undefined || env.METRICS_PORT === '' ? null : integer(env, 'METRICS_PORT', 0);
  if (metricsPort !== null && metricsPort > 65535) throw new ConfigError(`METRICS_PORT out of range: ${metricsPort}`);
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
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
    metricsToken,
    metricsPort,
    buildDir: resolve(env.BUILD_DIR || './build'),
    logLevel: level,
    limits: parseLimits(env),
    deviceSecret: parseSecret(env, 'DEVICE_SECRET'),
    translate: parseTranslateConfig(env, LOCALES, (message) => {
      throw new ConfigError(message);
    })
  };
}
