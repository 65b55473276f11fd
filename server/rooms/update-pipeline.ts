/**
 * The ordered path of a room's changes: updates of one event-loop turn (or, under load, of one
 * `minFlushIntervalMs`) are merged, the local
 * ones appended to the store (then published), and only then relayed to listeners. A
 * background compaction folds the log into a snapshot when it has grown past a bound and the
 * document is quiet for a moment.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocStore, StoredDoc } from '../persistence/doc-store.js';

export type UpdateListener = (update: Uint8Array) => void;

export interface CompactNowOptions {
  /** Default true. False when compacting several documents of one store: scrub with the last. */
  scrub?: boolean;
}

export interface UpdatePipeline {
  /** `local`: made on this instance (persist + publish); otherwise it came over the bus. */
  push(update: Uint8Array, local: boolean): void;
  onUpdate(listener: UpdateListener): () => void;
  /**
   * Called with each batch once it is durable (`local`: appended here; otherwise it came over
   * the bus, already appended by its instance), before it is relayed.
   */
  onPersisted(listener: (update: Uint8Array, local: boolean) => void): () => void;
  flushed(): Promise<void>;
  /**
   * Flushes, then folds the whole stored log into one snapshot re-encoded from a gc'd document
   * and (unless `scrub: false`) scrubs the store's medium: afterwards no stored entry keeps
   * content the document has overwritten or deleted (redaction, docs/redaction.md). Rejects
   * when any step fails.
   */
  compactNow(options?: CompactNowOptions): Promise<void>;
  approxBytes(): number;
  close(): void;
}

export interface UpdatePipelineOptions {
  name: string;
  doc: Y.Doc;
  store: DocStore;
  stored: StoredDoc;
  compactAfterUpdates: number;
  minFlushIntervalMs: number;
  /**
   * The current flush interval, when it varies (e.g. with the number of connections the room
   * fans out to); never below `minFlushIntervalMs`.
   */
  flushIntervalMs?: () => number;
  publish(update: Uint8Array): void;
  logger: Logger;
}

/** How long a document must go without a flush before a due compaction runs. */
const COMPACT_QUIET_MS = 1000;
/** Past this many times `compactAfterUpdates` log entries, compaction runs even mid-burst. */
const COMPACT_HARD_FACTOR = 4;

const merge = (updates: Uint8Array[]): Uint8Array => (updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));

export function createUpdatePipeline(options: UpdatePipelineOptions): UpdatePipeline {
  const { name, store, logger } = options;
  const log = { seq: options.stored.seq, length: options.stored.logLength, bytes: options.stored.updates.reduce((n, u) => n + u.byteLength, 0) };
  const listeners = new Set<UpdateListener>();
  const persistedListeners = new Set<(update: Uint8Array, local: boolean) => void>();
  let pending: Array<{ update: Uint8Array; local: boolean }> = [];
  let scheduled = false;
  let chain: Promise<void> = Promise.resolve();
  let compacting = false;
  /** Compactions run one at a time: a forced one never races a background one. */
  let compactions: Promise<void> = Promise.resolve();
  let lastFlush = 0;

  /** Appends in flight: the store may hold them before `log.length` counts them. */
  let appending = 0;

  async function persist(merged: Uint8Array): Promise<void> {
    appending += 1;
    try {
      log.seq = await store.append(name, merged);
      log.length += 1;
      log.bytes += merged.byteLength;
    } catch (err) {
      logger.error({ err, doc: name }, 'append failed');
    } finally {
      appending -= 1;
    }
    options.publish(merged);
  }

  async function flushOnce(): Promise<void> {
    lastFlush = Date.now();
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const local = batch.filter((p) => p.local).map((p) => p.update);
    const merged = local.length > 0 ? merge(local) : null;
    if (merged) await persist(merged);
    const remote = batch.filter((p) => !p.local).map((p) => p.update);
    for (const listener of [...persistedListeners]) {
      if (merged) listener(merged, true);
      if (remote.length > 0) listener(merge(remote), false);
    }
    const out = merged && local.length === batch.length ? merged : merge(batch.map((p) => p.update));
    for (const listener of [...listeners]) listener(out);
    if (log.length > options.compactAfterUpdates) compactWhenQuiet();
  }

  /**
   * Folds the stored log into one snapshot, encoded from a gc'd document so that deleted and
   * overwritten content (hidden cards, redacted text) stays out of it. Never Y.mergeUpdates:
   * it keeps deleted content.
   *
   * When every stored log entry is one this room appended (or loaded), the live doc (gc'd)
   * already holds all of them, and its own encoding is the snapshot: no replay. So it is when
   * the store folds the entries in itself (`foldsOnCompact`, Redis). Otherwise another writer
   * appended to the store, and the snapshot is rebuilt from what the store holds plus this
   * doc, so entries not yet received over the bus are never dropped. The replay costs
   * 100-200 ms of blocked event loop on a board of a few thousand cards.
   */
  async function compact(): Promise<void> {
    const stored = await store.load(name);
    const onlyOurs = appending === 0 && stored.logLength === log.length;
    const fromDoc = !options.doc.isDestroyed && (store.foldsOnCompact === true || onlyOurs);
    const snapshot = fromDoc ? Y.encodeStateAsUpdate(options.doc) : replayed(stored);
    await store.compact(name, snapshot, stored.seq);
    log.length = Math.max(0, log.length - stored.logLength);
    log.bytes = snapshot.byteLength;
  }

  function replayed(stored: StoredDoc): Uint8Array {
    const scratch = new Y.Doc({ gc: true });
    scratch.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(scratch, update);
      if (!options.doc.isDestroyed) Y.applyUpdate(scratch, Y.encodeStateAsUpdate(options.doc));
    });
    const snapshot = Y.encodeStateAsUpdate(scratch);
    scratch.destroy();
    return snapshot;
  }

  function serialCompact(): Promise<void> {
    const run = compactions.then(compact);
    compactions = run.catch(() => undefined);
    return run;
  }

  /**
   * Compaction encodes the whole document (and replays the stored log when another instance
   * appended to it), which blocks the event loop for milliseconds to tens of milliseconds on a
   * big board. So it waits for a pause (no flush for COMPACT_QUIET_MS) instead of landing in
   * the middle of a burst of cards, unless the log has grown to COMPACT_HARD_FACTOR times its bound.
   */
  let quietTimer: NodeJS.Timeout | null = null;
  function compactWhenQuiet(): void {
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = null;
    if (log.length > options.compactAfterUpdates * COMPACT_HARD_FACTOR) return compactSoon();
    quietTimer = setTimeout(() => {
      quietTimer = null;
      compactSoon();
    }, COMPACT_QUIET_MS);
    quietTimer.unref();
  }

  function compactSoon(): void {
    if (compacting) return;
    compacting = true;
    setImmediate(() => {
      serialCompact()
        .catch((err: unknown) => logger.error({ err, doc: name }, 'compaction failed'))
        .finally(() => (compacting = false));
    });
  }

  /** Callers of flushed() waiting for the pipeline to run dry; woken after each flush. */
  let waiters: Array<() => void> = [];
  function wakeIfIdle(): void {
    if (scheduled || pending.length > 0) return;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  }

  async function flushed(): Promise<void> {
    while (scheduled || pending.length > 0) await new Promise<void>((resolve) => waiters.push(resolve));
    await chain;
  }

  return {
    push(update, local) {
      pending.push({ update, local });
      if (scheduled) return;
      scheduled = true;
      const run = (): void => {
        scheduled = false;
        chain = chain
          .then(flushOnce)
          .catch((err: unknown) => logger.error({ err, doc: name }, 'flush failed'))
          .then(wakeIfIdle);
      };
      const interval = Math.max(options.minFlushIntervalMs, options.flushIntervalMs?.() ?? 0);
      const wait = lastFlush + interval - Date.now();
      if (wait > 0) setTimeout(run, wait);
      else setImmediate(run);
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onPersisted(listener) {
      persistedListeners.add(listener);
      return () => persistedListeners.delete(listener);
    },
    flushed,
    async compactNow({ scrub = true } = {}) {
      await flushed();
      await serialCompact();
      if (scrub) await store.scrub();
    },
    approxBytes: () => log.bytes,
    close: () => {
      if (quietTimer) clearTimeout(quietTimer);
      listeners.clear();
      persistedListeners.clear();
    }
  };
}
