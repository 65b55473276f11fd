/**
 * Every limit the server enforces, its default and the `LIMIT_*` variable that sets it
 * (docs/limits.md). Read once by config.ts and handed down; no module reads the environment.
 */
import { integer, type Env } from './env.js';

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
  /** Open audience connections (websocket + socket.io) per board on this instance: the audience's share; past it: 4529 / connect_error. */
  maxConnectionsPerBoard: number;
  /** Open audience connections (websocket + socket.io) per client address (IPv6: per /64) on this instance; past it: 4529 / connect_error. */
  maxConnectionsPerIp: number;
  /** Frames per second one /yjs connection may send (a bucket of one second's worth); past it the connection is closed with 4529. */
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
  /** New device identities (POST /api/device) per client address per minute, also the burst; past it: 429. */
  deviceMintsPerMinutePerIp: number;
  /** Join-code lookups (hits and misses) per client address per minute, also the burst; past it: 429. */
  joinLookupsPerMinutePerIp: number;
  /** Join-code misses per client address per minute, also the burst; past it every lookup gets 429. */
  joinMissesPerMinutePerIp: number;
  /** Join-code misses per client address per hour, also the burst: the slower second stage of the back-off. */
  joinMissesPerHourPerIp: number;
  /** Audience submissions waiting for moderation per board; past it: ack `rate-limited` (the phone keeps it). */
  maxPendingSubmissions: number;
  /** Written poll answers (word cloud, open text) one board keeps, in any state; past it: ack `disabled`. */
  maxPollAnswers: number;
  /**
   * Structs plus delete ranges one Yjs update may carry; past it the update is refused before it
   * is decoded and the connection closed with 4422 (checking one costs a few µs per struct).
   */
  maxStructsPerUpdate: number;
  /** Decode work (structs + delete ranges) one /yjs connection may spend per second; past it: 4529. */
  updateStructsPerSecond: number;
  /** Sync requests (step 1) per minute one /yjs connection may have answered freshly; past it: 4529. */
  syncRequestsPerMinute: number;
  /** Scale-out: how often each instance checks that its loaded documents hold every stored update (one Redis command per check). */
  antiEntropyMs: number;
  /** Material uploads per minute from one client address (addressKey); past it: 429. */
  materialUploadsPerMinutePerAddress: number;
  /** Material uploads per minute into one event; past it: 429. */
  materialUploadsPerMinutePerEvent: number;
  /** Material bytes one client address may upload per day (a bucket refilled over 24 h), so no address fills the shared storage budget; past it: 429. */
  materialBytesPerDayPerAddress: number;
  /** Boards one event may hold (main, workshops, imports); past it: 409 `limit-reached`. */
  maxBoardsPerEvent: number;
  /** Events one client address may create per day (a bucket refilled over 24 h); past it: 429. */
  eventsPerDayPerAddress: number;
  /** What the server may store under DATA_DIR (SQLite, material files); past it: 507. */
  maxDataDirBytes: number;
  /** Free space the disk under DATA_DIR keeps (fs.statfs); a write that would eat into it: 507. */
  minFreeDiskBytes: number;
  /** Scale-out: memory Redis keeps free below its maxmemory (materials live there); past it: 507. */
  minFreeRedisBytes: number;
  /** Connections each staff role (moderator, panelist, projector) may hold per board, on top of the audience's share; the audience never takes them. */
  reservedStaffConnectionsPerBoard: number;
  /** New audience connections an address may open at once (token bucket capacity, across instances). */
  connectionBurstPerIp: number;
  /** New audience connections per second an address regains (token bucket refill, across instances). */
  connectionsPerSecondPerIp: number;
  /** socket.io connections that have not authenticated yet, per address; past it the oldest is closed. */
  maxPendingConnectionsPerIp: number;
  /** A socket.io connection must authenticate (join the namespace) within this time, or it is closed. */
  handshakeTimeoutMs: number;
  /** HTTP requests in flight per client address; past it: 429. */
  maxRequestsInFlightPerIp: number;
  /** A request body up to LIMIT_MAX_BODY_BYTES must arrive within this time; a larger one must keep the minimum rate over each such window; else 408. */
  bodyTimeoutMs: number;
  /** The slowest a large body (an upload, an import) may arrive, averaged over each LIMIT_BODY_TIMEOUT_MS window. */
  minBodyBytesPerSecond: number;
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
  /** How often one instance looks for events whose retention period has ended, and erases them (docs/privacy.md §6). */
  retentionSweepMs: number;
  /** 0: a new event is kept until 12 months after its date; otherwise this many seconds after its creation (tests, demo servers). */
  defaultRetentionSeconds: number;
  /** How long a purge lets the other instances unload the event's rooms before deleting its documents. */
  purgeGraceMs: number;
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
  maxConnectionsPerBoard: 4000,
  maxConnectionsPerIp: 4000,
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
  deviceMintsPerMinutePerIp: 1500,
  joinLookupsPerMinutePerIp: 3000,
  joinMissesPerMinutePerIp: 60,
  joinMissesPerHourPerIp: 300,
  maxPendingSubmissions: 1000,
  maxPollAnswers: 10_000,
  maxStructsPerUpdate: 6_000,
  updateStructsPerSecond: 5_000,
  syncRequestsPerMinute: 10,
  antiEntropyMs: 15_000,
  materialUploadsPerMinutePerAddress: 60,
  materialUploadsPerMinutePerEvent: 30,
  materialBytesPerDayPerAddress: 2 * 1024 * 1024 * 1024,
  maxBoardsPerEvent: 50,
  eventsPerDayPerAddress: 50,
  maxDataDirBytes: 20 * 1024 ** 3,
  minFreeDiskBytes: 1024 ** 3,
  minFreeRedisBytes: 256 * 1024 ** 2,
  reservedStaffConnectionsPerBoard: 200,
  connectionBurstPerIp: 4000,
  connectionsPerSecondPerIp: 100,
  maxPendingConnectionsPerIp: 1000,
  handshakeTimeoutMs: 10_000,
  maxRequestsInFlightPerIp: 1000,
  bodyTimeoutMs: 10_000,
  minBodyBytesPerSecond: 16 * 1024,
  maxImportBytes: 4 * 1024 * 1024,
  maxImportCards: 2000,
  maxImportVotes: 30_000,
  maxImportPolls: 50,
  heavyQueueLength: 4,
  heavyJobTimeoutMs: 60_000,
  heavyWorkerHeapMb: 256,
  maxConcurrentExports: 4,
  exportWriteTimeoutMs: 30_000,
  retentionSweepMs: 10 * 60_000,
  defaultRetentionSeconds: 0,
  purgeGraceMs: 2_000
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
  deviceMintsPerMinutePerIp: 'LIMIT_DEVICE_MINTS_PER_MINUTE_PER_IP',
  joinLookupsPerMinutePerIp: 'LIMIT_JOIN_LOOKUPS_PER_MINUTE_PER_IP',
  joinMissesPerMinutePerIp: 'LIMIT_JOIN_MISSES_PER_MINUTE_PER_IP',
  joinMissesPerHourPerIp: 'LIMIT_JOIN_MISSES_PER_HOUR_PER_IP',
  maxPendingSubmissions: 'LIMIT_MAX_PENDING_SUBMISSIONS',
  maxPollAnswers: 'LIMIT_MAX_POLL_ANSWERS',
  maxStructsPerUpdate: 'LIMIT_MAX_STRUCTS_PER_UPDATE',
  updateStructsPerSecond: 'LIMIT_UPDATE_STRUCTS_PER_SECOND',
  syncRequestsPerMinute: 'LIMIT_SYNC_REQUESTS_PER_MINUTE',
  antiEntropyMs: 'LIMIT_ANTI_ENTROPY_MS',
  materialUploadsPerMinutePerAddress: 'LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_ADDRESS',
  materialUploadsPerMinutePerEvent: 'LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_EVENT',
  materialBytesPerDayPerAddress: 'LIMIT_MATERIAL_BYTES_PER_DAY_PER_ADDRESS',
  maxBoardsPerEvent: 'LIMIT_MAX_BOARDS_PER_EVENT',
  eventsPerDayPerAddress: 'LIMIT_EVENTS_PER_DAY_PER_ADDRESS',
  maxDataDirBytes: 'LIMIT_MAX_DATA_DIR_BYTES',
  minFreeDiskBytes: 'LIMIT_MIN_FREE_DISK_BYTES',
  minFreeRedisBytes: 'LIMIT_MIN_FREE_REDIS_BYTES',
  reservedStaffConnectionsPerBoard: 'LIMIT_RESERVED_STAFF_CONNECTIONS_PER_BOARD',
  connectionBurstPerIp: 'LIMIT_CONNECTION_BURST_PER_IP',
  connectionsPerSecondPerIp: 'LIMIT_CONNECTIONS_PER_SECOND_PER_IP',
  maxPendingConnectionsPerIp: 'LIMIT_MAX_PENDING_CONNECTIONS_PER_IP',
  handshakeTimeoutMs: 'LIMIT_HANDSHAKE_TIMEOUT_MS',
  maxRequestsInFlightPerIp: 'LIMIT_MAX_REQUESTS_IN_FLIGHT_PER_IP',
  bodyTimeoutMs: 'LIMIT_BODY_TIMEOUT_MS',
  minBodyBytesPerSecond: 'LIMIT_MIN_BODY_BYTES_PER_SECOND',
  maxImportBytes: 'LIMIT_MAX_IMPORT_BYTES',
  maxImportCards: 'LIMIT_MAX_IMPORT_CARDS',
  maxImportVotes: 'LIMIT_MAX_IMPORT_VOTES',
  maxImportPolls: 'LIMIT_MAX_IMPORT_POLLS',
  heavyQueueLength: 'LIMIT_HEAVY_QUEUE_LENGTH',
  heavyJobTimeoutMs: 'LIMIT_HEAVY_JOB_TIMEOUT_MS',
  heavyWorkerHeapMb: 'LIMIT_HEAVY_WORKER_HEAP_MB',
  maxConcurrentExports: 'LIMIT_MAX_CONCURRENT_EXPORTS',
  exportWriteTimeoutMs: 'LIMIT_EXPORT_WRITE_TIMEOUT_MS',
  retentionSweepMs: 'LIMIT_RETENTION_SWEEP_MS',
  defaultRetentionSeconds: 'LIMIT_DEFAULT_RETENTION_SECONDS',
  purgeGraceMs: 'LIMIT_PURGE_GRACE_MS'
};

const ZERO_ALLOWED = new Set<keyof Limits>(['minFlushIntervalMs', 'flushMicrosPerConnection', 'minFreeDiskBytes', 'minFreeRedisBytes', 'defaultRetentionSeconds', 'purgeGraceMs']);

export function parseLimits(env: Env): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof Limits)[]) limits[key] = integer(env, LIMIT_ENV[key], limits[key], ZERO_ALLOWED.has(key) ? 0 : 1);
  return limits;
}
