/**
 * Compaction's fold (server/sync/fold.ts) on the heavy-work worker. Admitted: a compaction
 * waits its turn behind an import or a report, it is never refused for a busy worker. A fold
 * that fails (out of time or memory) fails its compaction, which leaves the stored log as it
 * was: nothing is lost, and the next compaction tries again.
 */
import type { Fold } from '../../sync/fold.js';
import type { HeavyPool } from './pool.js';

export function foldOnWorker(heavy: HeavyPool): Fold {
  // Copies: a stored entry may be a view into a larger buffer (a Redis reply), which posting
  // it to the worker would clone whole.
  return (updates) => heavy.run({ kind: 'fold', updates: updates.map((u) => u.slice()) }, { admitted: true });
}
