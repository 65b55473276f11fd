/**
 * Compaction's heavy part: a document's stored updates (its snapshot and log entries) folded
 * into one update, re-encoded from a gc'd document, so that content deleted or overwritten
 * since (a redacted text, a withdrawn card) stays out of it. Never Y.mergeUpdates: it keeps
 * deleted content.
 *
 * Pure and self-contained, so it can run on the heavy-work worker (job `fold`, wired in
 * server/app/main.ts): decoding a 2,000-card board takes tens to a hundred milliseconds, which
 * the event loop that serves the hall must not spend.
 */
import * as Y from 'yjs';

/** Folds `updates` (oldest first) into one; may run elsewhere, so it is async. */
export type Fold = (updates: Uint8Array[]) => Promise<Uint8Array>;

export function foldUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const scratch = new Y.Doc({ gc: true });
  // One transaction: an insert and the deletion that follows it in the log are gc'd together.
  scratch.transact(() => {
    for (const update of updates) Y.applyUpdate(scratch, update);
  });
  const folded = Y.encodeStateAsUpdate(scratch);
  scratch.destroy();
  return folded;
}

/** In this thread: tests, and rooms created without a worker. */
export const foldHere: Fold = async (updates) => foldUpdates(updates);
