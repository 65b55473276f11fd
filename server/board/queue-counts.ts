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
import type { BoardHooks, LoadedBoard } from '../sync/board-hooks.js';
import { originKind } from '../sync/origins.js';

const COUNTS_ORIGIN = actionOrigin('queue:counts', 'server');

const publish = (board: LoadedBoard): void => void publishQueueCounts(board.full.doc, countQueue(readSubmissions(board.queue.doc)), COUNTS_ORIGIN);

export const queueCountHooks: BoardHooks = {
  name: 'queue-counts',
  onLoad: publish,
  onUpdate(board, doc, tr: Y.Transaction) {
    if (doc === 'queue' && tr.changed.size > 0 && originKind(tr.origin) !== 'store' && !board.full.doc.isDestroyed) publish(board);
  }
};
