/**
 * The ordered path of a room's changes: updates of one event-loop turn (or, under load, of one
 * `minFlushIntervalMs`) are merged, the local
 * ones appended to the store (then published), and only then relayed to listeners. A
 * background compaction folds the log into a snapshot when it has grown past a bound and the
 * document is quiet for a moment.
 *
 * Nothing acknowledged is lost: a local update whose append fails (disk full, database locked,
 * Redis down) is neither published, relayed nor acknowledged (`flushed()` waits). It is held,
 * merged with what follows, and appended again with back-off until the store takes it. The
 * live doc keeps it meanwhile, but nothing leaves the server from there: peers get state from
 * the room's durable copy (DocRoom.persisted) and relayed frames only after the append. If the
 * room is unloaded before the store recovers, the update is dropped unacknowledged; its writer
 * still holds it and resends it through Yjs sync when it reconnects (the reloaded room lacks it).
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocStore, StoredDoc } from './doc-store.js';
import { createBackoff } from './backoff.js';
import { createCompactor } from './compaction.js';
import type { Fold } from './fold.js';

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
  /**
   * Resolves once every change made so far is stored and relayed; while appends fail, it waits
   * for the retries. Rejects with UpdateNotStored when the pipeline is closed first.
   */
  flushed(): Promise<void>;
  /** Waits up to `timeoutMs` for `flushed()`; false when updates are still unstored then. */
  settle(timeoutMs: number): Promise<boolean>;
  /**
   * Flushes, then folds the whole stored log into one snapshot re-encoded from a gc'd document
   * and (unless `scrub: false`) scrubs the store's medium: afterwards no stored entry keeps
   * content the document has overwritten or deleted (redaction, docs/redaction.md). Rejects
   * when any step fails.
   */
  compactNow(options?: CompactNowOptions): Promise<void>;
  /** Stored bytes plus those waiting for a retry (the document size limit bounds both). */
  approxBytes(): number;
  close(): void;
}

export class UpdateNotStored extends Error {
  constructor(docName: string) {
    super(`updates to ${docName} could not be stored before the room closed`);
    this.name = 'UpdateNotStored';
  }
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
  /** Called once the store holds `update`, with the sequence number it got. */
  publish(update: Uint8Array, seq: number): void;
  /** Told when appends start failing (false) and when the store takes them again (true). */
  onStoreStatus?: (ok: boolean) => void;
  /** First and last retry delay after a failed append (default 100 ms doubling to 5 s). */
  retry?: { minMs: number; maxMs: number };
  /** Where compaction folds the stored updates (default: in this thread; the server passes the heavy-work worker). */
  fold?: Fold;
  logger: Logger;
}

const merge = (updates: Uint8Array[]): Uint8Array => (updates.length === 1 ? updates[0] : Y.mergeUpdates(updates));

export function createUpdatePipeline(options: UpdatePipelineOptions): UpdatePipeline {
  const { name, store, logger } = options;
  const log = { seq: options.stored.seq, length: options.stored.logLength, bytes: options.stored.updates.reduce((n, u) => n + u.byteLength, 0) };
  const listeners = new Set<UpdateListener>();
  const persistedListeners = new Set<(update: Uint8Array, local: boolean) => void>();
  let pending: Array<{ update: Uint8Array; local: boolean }> = [];
  /** Bytes in `pending`, kept as a sum: the size check reads it for every incoming update. */
  let pendingBytes = 0;
  let scheduled = false;
  let chain: Promise<void> = Promise.resolve();
  let lastFlush = 0;

  /** Local updates (merged) whose append failed: held, retried, never relayed before stored. */
  let unstored: Uint8Array | null = null;
  let closed = false;
  const backoff = createBackoff(options.retry ?? { minMs: 100, maxMs: 5000 });
  const compactor = createCompactor({ name, store, logger, log, compactAfterUpdates: options.compactAfterUpdates, fold: options.fold });
  let retryTimer: NodeJS.Timeout | null = null;

  /** True once the store holds `merged`; then it is published. Otherwise it is held for a retry. */
  async function persist(merged: Uint8Array): Promise<boolean> {
    try {
      log.seq = await store.append(name, merged);
      log.length += 1;
      log.bytes += merged.byteLength;
    } catch (err) {
      unstored = merged;
      appendFailed(err);
      return false;
    }
    unstored = null;
    if (backoff.failures() > 0) {
      logger.warn({ doc: name, failures: backoff.failures() }, 'append recovered: held updates stored, relayed and acknowledged');
      backoff.reset();
      options.onStoreStatus?.(true);
    }
    options.publish(merged, log.seq);
    return true;
  }

  function appendFailed(err: unknown): void {
    const delay = backoff.next();
    if (closed) return void logger.error({ err, doc: name }, 'append failed after the room closed: update dropped unacknowledged (its writer resends it on reconnect)');
    if (backoff.failures() === 1) {
      logger.error({ err, doc: name, retryMs: delay }, 'append failed: update held (not relayed, not acknowledged); retrying with back-off');
      options.onStoreStatus?.(false);
    } else logger.debug({ err: String(err), doc: name, failures: backoff.failures(), retryMs: delay }, 'append failed again');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      schedule();
    }, delay);
    retryTimer.unref();
  }

  async function flushOnce(): Promise<void> {
    lastFlush = Date.now();
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    const fresh = batch.filter((p) => p.local).map((p) => p.update);
    const local = unstored ? [unstored, ...fresh] : fresh;
    const remote = batch.filter((p) => !p.local).map((p) => p.update);
    const merged = local.length > 0 ? merge(local) : null;
    const stored = merged !== null && (await persist(merged));
    for (const listener of [...persistedListeners]) {
      if (stored) listener(merged, true);
      if (remote.length > 0) listener(merge(remote), false);
    }
    const relayed = stored ? [merged, ...remote] : remote;
    if (relayed.length > 0) {
      const out = merge(relayed);
      for (const listener of [...listeners]) listener(out);
    }
    if (stored && log.length > options.compactAfterUpdates) compactor.whenQuiet();
  }

  /** Callers of flushed() waiting for the pipeline to run dry; woken after each flush (they recheck). */
  let waiters: Array<() => void> = [];
  function wake(): void {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  }

  const busy = (): boolean => scheduled || pending.length > 0 || unstored !== null;

  async function flushed(): Promise<void> {
    for (;;) {
      if (busy()) {
        if (closed) throw new UpdateNotStored(name);
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      // A flush may be running (its batch already taken): wait for it, then look again.
      await chain;
      if (!busy()) return;
    }
  }

  /** A flush soon; while appends fail, only the retry timer flushes (no re-merge per keystroke). */
  function schedule(): void {
    if (scheduled || closed) return;
    scheduled = true;
    const run = (): void => {
      scheduled = false;
      chain = chain
        .then(flushOnce)
        .catch((err: unknown) => logger.error({ err, doc: name }, 'flush failed'))
        .then(wake);
    };
    const interval = Math.max(options.minFlushIntervalMs, options.flushIntervalMs?.() ?? 0);
    const wait = lastFlush + interval - Date.now();
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  return {
    push(update, local) {
      pending.push({ update, local });
      pendingBytes += update.byteLength;
      if (!retryTimer) schedule();
    },
    async settle(timeoutMs) {
      let timer: NodeJS.Timeout | null = null;
      const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const done = flushed().then(
        () => true,
        () => false
      );
      const settled = await Promise.race([done, timeout]);
      if (timer) clearTimeout(timer);
      return settled;
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
      await compactor.now();
      if (scrub) await store.scrub();
    },
    approxBytes: () => log.bytes + (unstored?.byteLength ?? 0) + pendingBytes,
    close: () => {
      closed = true;
      compactor.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (unstored) {
        logger.error({ doc: name, bytes: unstored.byteLength }, 'room closed with unstored updates: never relayed nor acknowledged; their writers resend them on reconnect');
        options.onStoreStatus?.(true);
      }
      listeners.clear();
      persistedListeners.clear();
      wake();
    }
  };
}
