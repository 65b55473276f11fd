/**
 * A document's background compaction: folds the stored log into one snapshot when the log has
 * grown past its bound and the document is quiet for a moment; one compaction at a time.
 */
import type { Logger } from 'pino';
import type { DocStore } from './doc-store.js';
import { foldHere, type Fold } from './fold.js';

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
  logger: Logger;
  /** Where the stored updates are folded into the snapshot (default: in this thread). */
  fold?: Fold;
  log: LogState;
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
  const fold = options.fold ?? foldHere;
  let compacting = false;
  /** Compactions run one at a time: a forced one never races a background one. */
  let compactions: Promise<void> = Promise.resolve();
  let quietTimer: NodeJS.Timeout | null = null;

  /**
   * Folds everything stored (the snapshot and every log entry) into one snapshot, re-encoded
   * from a gc'd document (fold.ts), and replaces those entries with it. The live document is not
   * needed: once flushed, the store holds all it holds (its own appends, and every entry another
   * instance published). Entries appended meanwhile have a higher seq and stay in the log.
   * The fold runs where `fold` says (the heavy-work worker in the server): the event loop only
   * moves bytes.
   */
  async function compact(): Promise<void> {
    const stored = await store.load(name);
    if (stored.updates.length === 0) return;
    const snapshot = await fold(stored.updates);
    await store.compact(name, snapshot, stored.seq);
    log.length = Math.max(0, log.length - stored.logLength);
    log.bytes = snapshot.byteLength;
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
     * Compaction decodes the whole stored document (off the event loop when `fold` runs on the
     * worker, but it still occupies the worker and reads the log). So it waits for a pause (no flush for COMPACT_QUIET_MS) instead of landing in
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
