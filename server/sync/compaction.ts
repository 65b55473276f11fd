/**
 * A document's background compaction: folds the stored log into one snapshot when the log has
 * grown past its bound and the document is quiet for a moment; one compaction at a time.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { DocStore, StoredDoc } from './doc-store.js';

/** How long a document must go without a flush before a due compaction runs. */
const COMPACT_QUIET_MS = 1000;
/** Past this many times `compactAfterUpdates` log entries, compaction runs even mid-burst. */
const COMPACT_HARD_FACTOR = 4;

/** What the pipeline knows of the stored log; compaction shortens it. */
export interface LogState {
  seq: number;
  length: number;
  bytes: number;
}

export interface CompactorOptions {
  name: string;
  store: DocStore;
  /** The room's live document (gc'd). */
  doc: Y.Doc;
  logger: Logger;
  log: LogState;
  /** Appends in flight: the store may hold them before `log.length` counts them. */
  appending: () => number;
  compactAfterUpdates: number;
}

export interface Compactor {
  /** A compaction once the document is quiet (at once when the log is far past its bound). */
  whenQuiet(): void;
  /** A compaction now, after any running one. */
  now(): Promise<void>;
  close(): void;
}

export function createCompactor(options: CompactorOptions): Compactor {
  const { name, store, logger, log } = options;
  let compacting = false;
  /** Compactions run one at a time: a forced one never races a background one. */
  let compactions: Promise<void> = Promise.resolve();
  let quietTimer: NodeJS.Timeout | null = null;

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
    const onlyOurs = options.appending() === 0 && stored.logLength === log.length;
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

  function compactSoon(): void {
    if (compacting) return;
    compacting = true;
    setImmediate(() => {
      serialCompact()
        .catch((err: unknown) => logger.error({ err, doc: name }, 'compaction failed'))
        .finally(() => (compacting = false));
    });
  }

  return {
    /**
     * Compaction encodes the whole document (and replays the stored log when another instance
     * appended to it), which blocks the event loop for milliseconds to tens of milliseconds on a
     * big board. So it waits for a pause (no flush for COMPACT_QUIET_MS) instead of landing in
     * the middle of a burst of cards, unless the log has grown to COMPACT_HARD_FACTOR times its bound.
     */
    whenQuiet() {
      if (quietTimer) clearTimeout(quietTimer);
      quietTimer = null;
      if (log.length > options.compactAfterUpdates * COMPACT_HARD_FACTOR) return compactSoon();
      quietTimer = setTimeout(() => {
        quietTimer = null;
        compactSoon();
      }, COMPACT_QUIET_MS);
      quietTimer.unref();
    },
    now: serialCompact,
    close() {
      if (quietTimer) clearTimeout(quietTimer);
    }
  };
}
