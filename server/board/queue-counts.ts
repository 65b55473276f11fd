/**
 * Mirrors the moderator-only queue's counters (pending, approved, rejected) into the full
 * board's `meta.queueCounts`, from where the projection makes them public, while the
 * submissions themselves never leave the queue document. Recomputed after every change to the
 * queue, including changes another instance made (so concurrent filings on two instances still
 * end with the right count), and once on load. Writes only when the counts differ.
 */
import type * as Y from 'yjs';
import { actionOrigin } from '../../src/lib/board/origin.js';
import { countQueue, publishQueueCounts, readSubmissions } from '../../src/lib/board/queue.js';
import { originKind } from '../sync/origins.js';

const COUNTS_ORIGIN = actionOrigin('queue:counts', 'server');

export function mirrorQueueCounts(options: { queue: Y.Doc; full: Y.Doc }): () => void {
  const { queue, full } = options;
  const update = (): void => void publishQueueCounts(full, countQueue(readSubmissions(queue)), COUNTS_ORIGIN);
  const onTransaction = (tr: Y.Transaction): void => {
    if (tr.changed.size > 0 && originKind(tr.origin) !== 'store' && !full.isDestroyed) update();
  };
  update();
  queue.on('afterTransaction', onTransaction);
  return () => queue.off('afterTransaction', onTransaction);
}
