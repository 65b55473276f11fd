/**
 * Session replay history: while a board is loaded, a changed full document is checkpointed
 * (its whole state as one Yjs update) at most once per interval, and once more on unload.
 *
 * Why full-state checkpoints and not `Y.snapshot`s: the live document uses gc:true, so a
 * snapshot could not rebuild content deleted since (restore removes cards; topics and votes are
 * deleted for real). Keeping the live doc with gc:false would make every client carry all
 * history. A checkpoint is self-contained, is decoded only when someone looks at that moment,
 * and costs about the document's size; old ones are thinned out beyond `maxCheckpoints`.
 */
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { redactionsIn } from '../../../src/lib/board/redaction.js';
import { originKind } from '../../sync/origins.js';
import type { LoadedBoard } from '../../sync/registry.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { CheckpointLockBusy, covers, type CheckpointLocks } from './checkpoint-lock.js';
import type { CheckpointRedactor } from './redaction.js';

export interface HistoryOptions {
  checkpoints: CheckpointStore;
  /** Shared with the actions, so that rewrites of one board's checkpoints queue up (redaction.ts). */
  redactor: CheckpointRedactor;
  /** Held while a checkpoint is written (checkpoint-lock.ts): never in the middle of an erasure's rewrite. */
  locks: CheckpointLocks;
  intervalMs: number;
  maxCheckpoints: number;
  logger: Logger;
  now?: () => number;
}

const FINAL_CHECKPOINT_WAIT_MS = 5_000;
/** How long a checkpoint waits for the board's checkpoint lock (an erasure's rewrite) before it is put off. */
const LOCK_WAIT_MS = 5_000;

/**
 * This instance's copy of the board has not yet received an erasure made on another instance
 * (the board's floor, checkpoint-lock.ts): a checkpoint of it would store the erased values.
 */
export class CheckpointBehind extends Error {
  constructor(boardId: string) {
    super(`the copy of ${boardId} here predates an erasure made on another instance; checkpoint put off`);
    this.name = 'CheckpointBehind';
  }
}

/**
 * Writes one checkpoint of `doc` now (strictly after the last one) and thins old ones, holding
 * the board's checkpoint lock; refuses (CheckpointBehind) a copy that lacks an erasure.
 */
export async function checkpoint(options: HistoryOptions, boardId: string, doc: Y.Doc): Promise<number> {
  const now = options.now ?? Date.now;
  return options.locks.withLock(boardId, LOCK_WAIT_MS, async (writer) => {
    // The copy only gains state: what covers the floor now still does when it is encoded below.
    if (!covers(doc, await writer.floor())) throw new CheckpointBehind(boardId);
    const times = await options.checkpoints.listCheckpoints(boardId);
    const at = Math.max(now(), (times.at(-1) ?? 0) + 1);
    await writer.add(at, Y.encodeStateAsUpdate(doc));
    const all = [...times, at];
    if (all.length > options.maxCheckpoints) {
      // Drop every other checkpoint of the older half: recent history stays fine-grained.
      const older = all.slice(1, Math.floor(all.length / 2));
      for (let i = 0; i < older.length; i += 2) await writer.delete(older[i]);
    }
    return at;
  });
}

/** Records checkpoints of one loaded board (started by the registry's load hook); returns its stopper. */
export function recordHistory(options: HistoryOptions, board: LoadedBoard): () => Promise<void> {
  const doc = board.full.doc;
  let dirty = false;
  let timer: NodeJS.Timeout | null = null;
  let pending: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const write = (): void => {
    timer = null;
    if (!dirty || doc.isDestroyed) return;
    dirty = false;
    pending = pending
      .then(() => checkpoint(options, board.boardId, doc))
      .catch((err: unknown) => {
        if (!(err instanceof CheckpointBehind || err instanceof CheckpointLockBusy)) return options.logger.error({ err, board: board.boardId }, 'checkpoint failed');
        // Put off, not lost: once the erasure arrives (or the rewrite ends), the next try writes it.
        options.logger.debug({ board: board.boardId, reason: err.name }, 'checkpoint put off');
        if (stopped) return;
        dirty = true;
        timer ??= setTimeout(write, options.intervalMs);
      });
  };
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // Changes from another instance are checkpointed there; from the store, nothing changed.
    const kind = originKind(origin);
    if (kind === 'store' || kind === 'bus') return;
    dirty = true;
    timer ??= setTimeout(write, options.intervalMs);
  };
  // A redaction made on another instance arrives over the bus. A checkpoint this instance
  // encoded before receiving it (and so after that instance rewrote the history) still holds
  // the old text; rewriting here, after it was written, catches it (docs/redaction.md). The
  // medium kept the old bytes too (the Redis AOF logged the write): a rewrite is followed by a
  // compaction and scrub, as on the instance that made the erasure.
  const onTransaction = (tr: Y.Transaction): void => {
    if (originKind(tr.origin) !== 'bus') return;
    for (const mark of redactionsIn(tr))
      pending = pending
        .then(() => options.redactor.redact(board.boardId, mark.erasure, mark.redactedAt))
        .then((done) => (done.rewritten + done.deleted > 0 && !doc.isDestroyed ? board.full.compactNow({ scrub: true }) : undefined))
        .catch((err: unknown) => options.logger.error({ err, board: board.boardId }, 'checkpoint redaction failed'));
  };
  doc.on('update', onUpdate);
  doc.on('afterTransaction', onTransaction);
  return async () => {
    stopped = true;
    doc.off('update', onUpdate);
    doc.off('afterTransaction', onTransaction);
    if (timer) clearTimeout(timer);
    write();
    // A store that is down must not hold the board's unload (or the server's shutdown) for ever.
    let guard: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>(
      (resolve) =>
        (guard = setTimeout(() => {
          options.logger.warn({ board: board.boardId }, 'final checkpoint still pending; unloading without it');
          resolve();
        }, FINAL_CHECKPOINT_WAIT_MS))
    );
    await Promise.race([pending, timeout]);
    clearTimeout(guard);
  };
}
