/**
 * One Y.Doc per document name: loaded from the store, fed by typed-origin transactions, and
 * every change sent down the update pipeline (persist, publish, then relay). Knows no transport.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { Limits } from '../app/limits.js';
import type { DocStore } from './doc-store.js';
import type { Bus } from './bus.js';
import { channelName } from './bus.js';
import { decodeEnvelope, encodeEnvelope } from './envelope.js';
import type { Fold } from './fold.js';
import { LOCAL } from '../../src/lib/board/origin.js';
import { BUS_ORIGIN, originKind, STORE_ORIGIN } from './origins.js';
import { createSeqTracker } from './seq-tracker.js';
import { createUpdatePipeline, type CompactNowOptions, type UpdateListener } from './update-pipeline.js';

export type { CompactNowOptions, UpdateListener };

export interface DocRoom {
  readonly name: string;
  readonly doc: Y.Doc;
  /**
   * The same document holding only what is durable (stored here, or received over the bus).
   * Whatever leaves the server as state (sync step 2, the public projection) is read from it,
   * so nobody ever sees a change that a crash could still lose.
   */
  readonly persisted: Y.Doc;
  /** Increments with every change to the doc; keys caches of encoded state. */
  version(): number;
  /** Increments with every change to `persisted`. */
  persistedVersion(): number;
  /** Approximate stored size in bytes, for the document size limit. */
  approxBytes(): number;
  /** How many connections the room's updates are relayed to (sets the flush interval). */
  setFanout(connections: number): void;
  /** Called with each persisted (merged) update, in order. */
  onUpdate(listener: UpdateListener): () => void;
  /**
   * Resolves once every change made so far is stored and relayed (while appends fail, after the
   * retries succeed); rejects with UpdateNotStored if the room is destroyed first.
   */
  flushed(): Promise<void>;
  /**
   * Erases from the store what the document no longer holds: flushes, folds every stored
   * entry into one snapshot encoded from a gc'd document, and scrubs the medium (SQLite WAL,
   * Redis AOF) unless `scrub: false`. After changing content for good (a redaction), call
   * this; see docs/redaction.md.
   */
  compactNow(options?: CompactNowOptions): Promise<void>;
  /**
   * Catches up after a bus outage: applies what the shared store has (relayed to local clients,
   * not republished), then appends and publishes what only this instance has.
   */
  resync(): Promise<void>;
  /**
   * One call per periodic anti-entropy check: false when the room holds every entry the store
   * held at the previous check (see SeqTracker.behind); the check then skips loading the document.
   */
  behind(head: number): boolean;
  destroy(): Promise<void>;
}

export interface DocRoomOptions {
  name: string;
  store: DocStore;
  bus: Bus;
  instanceId: string;
  limits: Pick<Limits, 'compactAfterUpdates' | 'minFlushIntervalMs'> & Partial<Pick<Limits, 'flushMicrosPerConnection' | 'maxFlushIntervalMs'>>;
  logger: Logger;
  /** Told when this document's appends start failing (false) and when they are stored again (true). */
  onStoreStatus?: (ok: boolean) => void;
  /** How long `destroy` keeps retrying a failed append before dropping it, unacknowledged (default 10 s). */
  unloadDrainMs?: number;
  /** Where compaction folds the stored updates (default: in this thread). */
  fold?: Fold;
}

/** How long an unloading room keeps retrying a failed append before it drops it (unacknowledged). */
const UNLOAD_DRAIN_MS = 10_000;

/** Whether `update` holds anything (structs or deletions) that the stored state lacks. */
function addsTo(stored: Uint8Array, update: Uint8Array): boolean {
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, stored);
  const contained = Y.snapshotContainsUpdate(Y.snapshot(scratch), update);
  scratch.destroy();
  return !contained;
}

export async function createDocRoom(options: DocRoomOptions): Promise<DocRoom> {
  const { name, bus, instanceId, logger } = options;
  const doc = new Y.Doc({ gc: true });
  const channel = channelName({ kind: 'doc', docName: name });
  // Subscribe before loading: an update appended after the load but published before a later
  // subscription would otherwise be missed. Early messages wait for the load; duplicates are no-ops.
  let early: Uint8Array[] | null = [];
  const seqs = createSeqTracker(0);
  const fromBus = (message: Uint8Array): void => {
    try {
      const { sender, update, seq } = decodeEnvelope(message);
      if (sender === instanceId) return;
      Y.applyUpdate(doc, update, BUS_ORIGIN);
      if (seq > 0) seqs.heard(seq);
    } catch (err) {
      logger.warn({ err, doc: name }, 'bad bus message dropped');
    }
  };
  const unsubscribe = bus.subscribe(channel, (message) => (early ? early.push(message) : fromBus(message)));
  const stored = await options.store.load(name).catch((err: unknown) => {
    unsubscribe();
    throw err;
  });
  seqs.loaded(stored.seq);
  const persisted = new Y.Doc({ gc: true });
  for (const target of [doc, persisted])
    target.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(target, update, STORE_ORIGIN);
    }, STORE_ORIGIN);
  let persistedVersion = 0;

  const publish = (update: Uint8Array, seq: number): void => {
    seqs.heard(seq);
    bus.publish(channel, encodeEnvelope({ sender: instanceId, update, seq })).catch((err: unknown) => logger.error({ err, doc: name }, 'publish failed'));
  };
  // Relayed frames cost one write per connection: a room with a large fan-out flushes less often.
  let fanout = 0;
  const { flushMicrosPerConnection = 0, maxFlushIntervalMs = options.limits.minFlushIntervalMs } = options.limits;
  const flushIntervalMs = (): number => Math.min(maxFlushIntervalMs, (fanout * flushMicrosPerConnection) / 1000);
  const pipeline = createUpdatePipeline({
    name,
    doc,
    store: options.store,
    stored,
    compactAfterUpdates: options.limits.compactAfterUpdates,
    minFlushIntervalMs: options.limits.minFlushIntervalMs,
    flushIntervalMs,
    publish,
    onStoreStatus: options.onStoreStatus,
    fold: options.fold,
    logger
  });
  pipeline.onPersisted((update, local) => {
    persistedVersion += 1;
    Y.applyUpdate(persisted, update, local ? LOCAL : BUS_ORIGIN);
  });
  let version = 0;
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    version += 1;
    const kind = originKind(origin);
    if (kind !== 'store') pipeline.push(update, kind !== 'bus');
  });
  const queued = early;
  early = null;
  for (const message of queued) fromBus(message);

  return {
    name,
    doc,
    persisted,
    version: () => version,
    persistedVersion: () => persistedVersion,
    approxBytes: pipeline.approxBytes,
    onUpdate: pipeline.onUpdate,
    setFanout: (connections) => void (fanout = connections),
    flushed: pipeline.flushed,
    compactNow: pipeline.compactNow,
    behind: (head) => seqs.behind(head),
    async resync() {
      const { updates, seq } = await options.store.load(name);
      if (doc.isDestroyed) return;
      seqs.loaded(seq);
      const stored = updates.length > 0 ? Y.mergeUpdates(updates) : Y.encodeStateAsUpdate(new Y.Doc());
      Y.applyUpdate(doc, stored, BUS_ORIGIN);
      const missing = Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(stored));
      if (addsTo(stored, missing)) pipeline.push(missing, true);
      logger.debug({ doc: name }, 'resynced with the shared store');
    },
    async destroy() {
      unsubscribe();
      await pipeline.settle(options.unloadDrainMs ?? UNLOAD_DRAIN_MS);
      pipeline.close();
      doc.destroy();
      persisted.destroy();
    }
  };
}
