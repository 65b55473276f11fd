/**
 * The composition root: reads the config once, builds stores, bus, registry and transports.
 * `createServer(options)` lets tests start many servers in-process on port 0; running this
 * file (dist/server/main.js) starts one from the environment and handles SIGTERM/SIGINT.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Health } from '../../src/lib/protocol/api.js';
import { createDeviceIds } from '../events/devices.js';
import { createJoinTickets } from '../events/join-tickets.js';
import { storedSecret } from '../events/secrets.js';
import { createAccessResolver } from '../events/resolver.js';
import { createRevocations } from '../events/revocations.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createMetricsEndpoint, createMetricsServer } from '../observability/metrics-endpoint.js';
import { createConnectionLimiter, type AddressOf } from '../limits/connection-limits.js';
import { clientAddress } from '../limits/address.js';
import { clientErrorStatus } from '../http/security.js';
import { createBackends } from './backends.js';
import type { RateLimiters } from '../limits/rate-limiter.js';
import { loadConfig, type Config } from './config.js';
import { createEventService } from '../events/service.js';
import { createLogger, type Logger } from './logger.js';
import { createOutputs } from '../outputs/compose.js';
import { foldOnWorker } from '../outputs/heavy/fold.js';
import { createHeavyPool } from '../outputs/heavy/pool.js';
import type { EventStore } from '../events/event-store.js';
import type { CheckpointStore } from '../outputs/history/checkpoint-store.js';
import type { Bus } from '../sync/bus.js';
import { answerSyncHooks } from '../board/answer-sync.js';
import { authorityHooks } from '../board/authority.js';
import { projectionHooks } from '../board/projection.js';
import { queueCountHooks } from '../board/queue-counts.js';
import { perBoard, type BoardHooks } from '../sync/board-hooks.js';
import { createBoardRegistry, type BoardRegistry } from '../sync/registry.js';
import { createHttpHandler, type AppHandler } from '../http/handler.js';
import { loadAppHandler } from './app-handler.js';
import { createPageGuard } from '../events/access.js';
import { routeTable } from './routes.js';
import { purgeEvent } from '../events/retention/purge.js';
import { startRetentionSweeper } from '../events/retention/sweeper.js';
import { createSocketIo } from '../board/socket-io.js';
import { createYjsTransport } from '../board/yjs-websocket.js';
import { createCardTranslation } from '../translate/index.js';
import { createParticipationService } from '../outputs/participation/service.js';
import { participationRoutes } from '../outputs/participation/routes.js';

/** listen() waits this long for Redis first, so the first requests do not fail (then listens degraded). */
const REDIS_READY_WAIT_MS = 5_000;

export interface ServerOptions {
  config: Config;
  logger?: Logger;
  /** The SvelteKit handler; null serves the API and realtime endpoints only. */
  app?: AppHandler | null;
  /** Shared bus, e.g. to connect several in-process instances. Defaults to a private memory bus. */
  bus?: Bus;
}

export interface PanelServer {
  readonly httpServer: Server;
  readonly registry: BoardRegistry;
  readonly events: EventStore;
  /** The boards' history checkpoints (tests look at what an erasure left). */
  readonly checkpoints: CheckpointStore;
  /** This instance's Prometheus metrics (GET /metrics); `setRedisStatusSource` feeds the Redis gauge. */
  readonly metrics: Metrics;
  /** Rate limits shared by every instance (Redis) or held by this one (embedded). */
  readonly limiters: RateLimiters;
  /** Runs the retention sweep now (it also runs every LIMIT_RETENTION_SWEEP_MS); the number of events erased. */
  sweepRetention(): Promise<number>;
  /** `metricsPort` when METRICS_PORT is set. */
  listen(): Promise<{ port: number; url: string; metricsPort?: number }>;
  /** Flushes persistence, closes websockets with 1001, closes socket.io and the HTTP server. */
  close(): Promise<void>;
  publicUrl(): string;
}

export function createServer(options: ServerOptions): PanelServer {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const startedAt = Date.now();
  const metrics = createMetrics();
  const addressOf: AddressOf = (req) => clientAddress(req, config.trustProxy);
  const stores = createBackends({ config, logger, bus: options.bus });
  const limiter = createConnectionLimiter({ limits: config.limits, limiters: stores.limiters });
  if (stores.redis) metrics.setRedisStatusSource(() => (Object.values(stores.checks()).every((c) => c === 'ok') ? 1 : 0));
  const revocations = createRevocations({ bus: stores.bus, instanceId: config.instanceId, logger });
  const { limits } = config;
  // One worker thread for the work that costs seconds on a big board, compaction's fold included.
  const heavy = createHeavyPool({
    queueLength: limits.heavyQueueLength,
    jobTimeoutMs: limits.heavyJobTimeoutMs,
    heapMb: limits.heavyWorkerHeapMb,
    logger: logger.child({ part: 'heavy' })
  });
  const outputs = createOutputs({
    config,
    events: stores.events,
    materials: stores.materials,
    publication: stores.publication,
    checkpoints: stores.checkpoints,
    docs: stores.docs,
    logger,
    blobs: stores.blobs,
    storage: stores.storage,
    limiters: stores.limiters,
    addressOf,
    heavy,
    checkpointLocks: stores.checkpointLocks
  });
  const { redactor } = outputs;
  const translation = createCardTranslation({ config: config.translate, limiters: stores.limiters, logger });
  // In this order on load, update and unload: the projection first, history last.
  const hooks: BoardHooks[] = [
    projectionHooks,
    queueCountHooks,
    authorityHooks,
    answerSyncHooks,
    ...(translation ? [perBoard('translation', translation.onLoad)] : []),
    outputs.hooks
  ];
  const store = metrics.instrumentDocStore(stores.docs);
  const registry = createBoardRegistry({ store, bus: stores.bus, instanceId: config.instanceId, limits: config.limits, logger, hooks, fold: foldOnWorker(heavy) });
  const participation = createParticipationService({ store: stores.participation, logger: logger.child({ part: 'participation' }) });
  participation.bind(registry);
  const tokenKey = storedSecret({ name: 'token-seal', store: stores.events, configured: config.deviceSecret });
  const access = createAccessResolver({ events: stores.events, tokenKey });
  const devices = createDeviceIds({ secret: storedSecret({ name: 'device-hmac', store: stores.events, configured: config.deviceSecret }) });
  const service = createEventService({
    events: stores.events,
    registry,
    tokenKey,
    revocations,
    maxBoardsPerEvent: config.limits.maxBoardsPerEvent,
    defaultRetentionSeconds: config.limits.defaultRetentionSeconds
  });
  const purgeDeps = {
    events: stores.events,
    materials: stores.materials,
    publication: stores.publication,
    checkpoints: stores.checkpoints,
    participation,
    docs: stores.docs,
    blobs: stores.blobs,
    registry,
    revocations,
    eraseMedium: stores.eraseMedium,
    logger,
    graceMs: config.limits.purgeGraceMs,
    redactor
  };
  const purge = (eventId: string, cause: 'retention' | 'moderator'): Promise<boolean> => purgeEvent(purgeDeps, eventId, cause);
  const sweeper = startRetentionSweeper({
    events: stores.events,
    purge: (id) => purge(id, 'retention'),
    lock: stores.sweepLock,
    intervalMs: config.limits.retentionSweepMs,
    logger: logger.child({ part: 'retention' })
  });
  let listeningUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const publicUrl = (): string => config.publicUrl ?? listeningUrl;

  const health = async (): Promise<Health> => {
    const checks = stores.checks();
    await stores.events.getEvent('healthz').catch(() => (checks.events = 'down'));
    // Appends the store refused: held and retried, neither relayed nor acknowledged meanwhile.
    checks.appends = registry.unstoredDocs() === 0 ? 'ok' : 'down';
    const ok = Object.values(checks).every((c) => c === 'ok');
    return { status: ok ? 'ok' : 'degraded', checks, uptimeS: Math.round((Date.now() - startedAt) / 1000) };
  };
  const tickets = createJoinTickets({ secret: storedSecret({ name: 'join-ticket', store: stores.events, configured: config.deviceSecret }) });
  const metricsEndpoint = createMetricsEndpoint({ metrics, token: config.metricsToken });
  const metricsServer = config.metricsPort === null ? null : createMetricsServer({ endpoint: metricsEndpoint, host: config.host, port: config.metricsPort });
  // On the main port /metrics needs a token; with METRICS_PORT it is served there only.
  const publicMetrics = metricsServer === null && config.metricsToken !== null ? metricsEndpoint : undefined;
  const routes = routeTable({
    events: { events: stores.events, service, access, tickets, limits: config.limits, logger, addressOf, limiters: stores.limiters, storage: stores.storage, publicUrl, metrics },
    identity: { devices, tickets, events: stores.events, limiters: stores.limiters, limits: config.limits, addressOf, publicUrl, metrics, audienceToken: service.audienceToken },
    outputs: [
      ...outputs.routes({ registry, access, service, participation }),
      ...participationRoutes({ access, events: stores.events, publication: stores.publication, participation, maxBodyBytes: config.limits.maxBodyBytes })
    ],
    privacy: { access, events: stores.events, limits: config.limits, purge: (id) => purge(id, 'moderator') },
    health,
    metricsEndpoint: publicMetrics
  });
  const handler = createHttpHandler({ routes, pages: createPageGuard(access), addressOf, limits: config.limits, logger, publicUrl, app: options.app ?? null, metrics });
  const { maxHeaderBytes, headersTimeoutMs } = config.limits;
  const httpServer = createHttpServer(
    {
      maxHeaderSize: maxHeaderBytes,
      headersTimeout: headersTimeoutMs,
      // A whole request may take minutes (a 25 MB material upload over hall Wi-Fi); slow headers
      // are cut by headersTimeout, bodies that stall or trickle by the request guard
      // (transport/request-guard.ts), which also caps the requests an address holds in flight.
      requestTimeout: Math.max(headersTimeoutMs, 10 * 60_000),
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs)
    },
    handler
  );
  httpServer.on('clientError', (err, socket) => {
    logger.debug({ err }, 'client error');
    metrics.rejected('http-client-error');
    const status = clientErrorStatus(err);
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const yjs = createYjsTransport({ addressOf, httpServer, access, registry, limits: config.limits, logger, limiter, devices, revocations, metrics });
  const socketIo = createSocketIo({
    addressOf,
    httpServer,
    access,
    registry,
    checkpoints: redactor,
    limits: config.limits,
    logger,
    limiter,
    devices,
    limiters: stores.limiters,
    revocations,
    metrics,
    participation: participation.recorder,
    redis: stores.redis
  });
  let closing: Promise<void> | null = null;

  async function shutdown(): Promise<void> {
    await sweeper.stop();
    await socketIo.close();
    await participation.recorder.close();
    await yjs.close();
    await registry.close();
    translation?.close();
    revocations.close();
    // After the registry: unloading rooms may still compact on it. Jobs still waiting fail with 503.
    await heavy.close();
    await new Promise<void>((resolve) => {
      if (!httpServer.listening) return resolve();
      httpServer.close(() => resolve());
      httpServer.closeAllConnections();
    });
    await metricsServer?.close();
    await stores.close();
  }

  return {
    httpServer,
    registry,
    events: stores.events,
    checkpoints: stores.checkpoints,
    metrics,
    limiters: stores.limiters,
    publicUrl,
    sweepRetention: () => sweeper.sweepNow(),
    async listen() {
      if (!(await stores.ready(REDIS_READY_WAIT_MS))) logger.warn('listening before the Redis connections are ready: requests that need them fail until they are');
      if (closing) throw new Error('The server was closed while it waited for Redis: it does not listen');
      const port = await new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve((httpServer.address() as AddressInfo).port));
      });
      listeningUrl = `http://localhost:${port}`;
      const metricsPort = await metricsServer?.listen();
      return metricsPort === undefined ? { port, url: listeningUrl } : { port, url: listeningUrl, metricsPort };
    },
    close: () => (closing ??= shutdown())
  };
}

async function run(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const app = await loadAppHandler(config.buildDir, logger);
  const server = createServer({ config, logger, app });
  const { port, metricsPort } = await server.listen();
  logger.info({ port, metricsPort, host: config.host, publicUrl: server.publicUrl(), store: config.store, redis: config.redisUrl !== null }, 'listening');
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

const entry = process.argv[1];
if (entry && existsSync(entry) && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
