/**
 * The HTTP routes of the conference outputs, by concern: exports and the import
 * (export-routes.ts), materials, publication, replay and restore. Each route checks who reads
 * (readers.ts), then calls the exports, materials or history modules.
 */
import type { Logger } from 'pino';
import type { Limits } from '../app/limits.js';
import type { EventStore } from '../events/event-store.js';
import type { AccessResolver } from '../events/resolver.js';
import type { EventService } from '../events/service.js';
import type { Route } from '../http/router.js';
import type { AddressOf } from '../limits/connection-limits.js';
import type { StorageBudget } from '../limits/storage-budget.js';
import type { DocStore } from '../sync/doc-store.js';
import type { BoardRegistry } from '../sync/registry.js';
import { dossierRoutes } from './dossier-routes.js';
import { exportRoutes } from './export-routes.js';
import { createExportSlots, type ExportSlots } from './export-slots.js';
import type { HeavyPool } from './heavy/pool.js';
import { historyRoutes } from './history-routes.js';
import type { HistoryService } from './history/service.js';
import { materialRoutes } from './material-routes.js';
import type { MaterialService } from './materials/service.js';
import type { PublicationStore } from './publication-store.js';
import { moderationLogRoutes } from './moderation-log-routes.js';
import { publicationRoutes } from './publication-routes.js';
import type { ParticipationService } from './participation/service.js';
import { createOutputsReaders, type OutputsReaders } from './readers.js';

export interface OutputsRoutesOptions {
  events: EventStore;
  publication: PublicationStore;
  /** Adds an imported board (with the join-code retry every board gets). */
  service: EventService;
  access: AccessResolver;
  registry: BoardRegistry;
  materials: MaterialService;
  history: HistoryService;
  /** The heavy-work worker: import building, replay decoding and PDF rendering run there. */
  heavy: HeavyPool;
  /** An imported board's first state goes straight into the store (no room, no decoding here). */
  docs: DocStore;
  limits: Limits;
  logger: Logger;
  /** The client address of a request (TRUST_PROXY): uploads are limited per address. */
  addressOf: AddressOf;
  /** The storage budget: an import is refused (507) before it would pass it. */
  storage: StorageBudget;
  /** The participation figures the exports carry (absent: none). */
  participation?: ParticipationService;
}

export interface OutputsContext extends OutputsRoutesOptions {
  readers: OutputsReaders;
  /** PDF reports, dossiers and zips share these: the instance's bound on long downloads. */
  slots: ExportSlots;
}

export function outputsRoutes(options: OutputsRoutesOptions): Route[] {
  const slots = createExportSlots({ max: options.limits.maxConcurrentExports, writeTimeoutMs: options.limits.exportWriteTimeoutMs });
  const d: OutputsContext = { ...options, readers: createOutputsReaders(options), slots };
  return [...exportRoutes(d), ...dossierRoutes(d), ...materialRoutes(d), ...publicationRoutes(d), ...historyRoutes(d), ...moderationLogRoutes(d)];
}
