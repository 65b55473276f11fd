/**
 * Wiring of the conference outputs (exports, materials, publishing, replay) for the
 * composition root: the registry's history hook, the checkpoint redactor, and the HTTP routes
 * once the registry exists.
 */
import type { Logger } from 'pino';
import type { AccessResolver } from '../events/resolver.js';
import type { Config } from '../app/config.js';
import type { HeavyPool } from './heavy/pool.js';
import { recordHistory, type HistoryOptions } from './history/recorder.js';
import type { CheckpointLocks } from './history/checkpoint-lock.js';
import { createCheckpointRedactor, eraseOnWorker, type CheckpointRedactor } from './history/redaction.js';
import { createHistoryService } from './history/service.js';
import { createMaterialService } from './materials/service.js';
import type { BlobStore } from './materials/blob-store.js';
import type { MaterialStore } from './materials/material-store.js';
import type { CheckpointStore } from './history/checkpoint-store.js';
import type { PublicationStore } from './publication-store.js';
import type { RateLimiters } from '../limits/rate-limiter.js';
import type { StorageBudget } from '../limits/storage-budget.js';
import type { DocStore } from '../sync/doc-store.js';
import type { AddressOf } from '../limits/connection-limits.js';
import type { EventStore } from '../events/event-store.js';
import { perBoard, type BoardHooks } from '../sync/board-hooks.js';
import type { BoardRegistry } from '../sync/registry.js';
import type { EventService } from '../events/service.js';
import type { Route } from '../http/router.js';
import { outputsRoutes } from './routes.js';
import type { ParticipationService } from './participation/service.js';

export interface Outputs {
  /** History's part in every loaded board's life (the registry's hooks). */
  hooks: BoardHooks;
  routes(deps: { registry: BoardRegistry; access: AccessResolver; service: EventService; participation?: ParticipationService }): Route[];
  /** The one rewriter of history checkpoints after an erasure, for the socket.io actions and the purge too. */
  redactor: CheckpointRedactor;
}

export interface OutputsOptions {
  config: Config;
  events: EventStore;
  materials: MaterialStore;
  publication: PublicationStore;
  checkpoints: CheckpointStore;
  docs: DocStore;
  logger: Logger;
  blobs: BlobStore;
  storage: StorageBudget;
  limiters: RateLimiters;
  addressOf: AddressOf;
  /** The server's heavy-work worker (replay, exports, imports, checkpoint erasure). */
  heavy: HeavyPool;
  /** Held by whoever changes a board's checkpoints (across instances in scale-out). */
  checkpointLocks: CheckpointLocks;
}

export function createOutputs(options: OutputsOptions): Outputs {
  const { config, events, checkpoints, docs, logger, addressOf, heavy } = options;
  const { limits } = config;
  const redactor = createCheckpointRedactor(checkpoints, options.checkpointLocks, { erase: eraseOnWorker(heavy) });
  const history: HistoryOptions = { checkpoints, redactor, locks: options.checkpointLocks, intervalMs: limits.checkpointIntervalMs, maxCheckpoints: limits.maxCheckpoints, logger };
  const materials = createMaterialService({ records: options.materials, blobs: options.blobs, budget: options.storage, limiters: options.limiters, limits });
  return {
    redactor,
    hooks: perBoard('history', (board) => recordHistory(history, board)),
    routes: ({ registry, access, service, participation }) =>
      outputsRoutes({
        participation,
        events,
        publication: options.publication,
        service,
        access,
        registry,
        materials,
        history: createHistoryService({ ...history, registry, heavy }),
        heavy,
        docs,
        limits,
        logger,
        addressOf,
        storage: options.storage
      })
  };
}
