/**
 * Wiring of the conference outputs (exports, materials, publishing, replay) for the
 * composition root: the registry's history hook, and the HTTP routes once the registry exists.
 */
import type { Logger } from 'pino';
import type { AccessResolver } from './auth/resolver.js';
import type { Config } from './config.js';
import { recordHistory, type HistoryOptions } from './history/recorder.js';
import { createHistoryService } from './history/service.js';
import { createMaterialService } from './materials/service.js';
import type { BlobStore } from './materials/blob-store.js';
import type { RateLimiters } from './limits/rate-limiter.js';
import type { StorageBudget } from './limits/storage-budget.js';
import type { AddressOf } from './transport/connection-limits.js';
import type { EventStore } from './persistence/event-store.js';
import type { BoardRegistry, LoadedBoard } from './rooms/registry.js';
import { createOutputsRoutes, type OutputsRoutes } from './transport/outputs-routes.js';

export interface Outputs {
  /** For createBoardRegistry's `onLoad`. */
  onLoad(board: LoadedBoard): () => Promise<void>;
  routes(deps: { registry: BoardRegistry; access: AccessResolver }): OutputsRoutes;
}

export interface OutputsOptions {
  config: Config;
  events: EventStore;
  logger: Logger;
  blobs: BlobStore;
  storage: StorageBudget;
  limiters: RateLimiters;
  addressOf: AddressOf;
}

export function createOutputs(options: OutputsOptions): Outputs {
  const { config, events, logger, addressOf } = options;
  const history: HistoryOptions = { events, intervalMs: config.limits.checkpointIntervalMs, maxCheckpoints: config.limits.maxCheckpoints, logger };
  const materials = createMaterialService({ events, blobs: options.blobs, budget: options.storage, limiters: options.limiters, limits: config.limits });
  return {
    onLoad: (board) => recordHistory(history, board),
    routes: ({ registry, access }) =>
      createOutputsRoutes({ events, access, registry, materials, history: createHistoryService({ ...history, registry }), limits: config.limits, logger, addressOf })
  };
}
