/**
 * Keeps the board's copies of written poll answers equal to their status in the moderator-only
 * queue (src/lib/board/poll-answers.ts syncBoardAnswer): after every change to the queue's
 * answers or decisions, whichever instance made it, for each answer it touched, and for all of
 * them once on load (in slices). Two moderators deciding opposite ways at once on two instances
 * each write their own board copy (or remove it); when the other's decision arrives, each instance reads the
 * same status from the merged queue (the later decision stands) and corrects its own write, so
 * the queue and the board agree everywhere. Work per update: the keys it changed.
 *
 * Board changes alone do not trigger it: the queue, not the board, is the authority, and a
 * board update that arrives before the queue update it goes with (a redaction's removal) must not
 * call the old copy back.
 */
import type * as Y from 'yjs';
import { actionOrigin } from '../../src/lib/board/origin.js';
import { answerDecisionsMap, answerOfDecisionKey, queueAnswersMap, syncBoardAnswer } from '../../src/lib/board/poll-answers.js';
import type { BoardHooks, LoadedBoard } from '../sync/board-hooks.js';
import { originKind } from '../sync/origins.js';

const SYNC_ORIGIN = actionOrigin('poll-answer:sync', 'server');

/** The answers a queue transaction touched (their entries or their decisions). */
export function answersTouched(queue: Y.Doc, tr: Y.Transaction): Set<string> {
  const [answers, decisions] = [queueAnswersMap(queue) as unknown, answerDecisionsMap(queue) as unknown];
  const ids = new Set<string>();
  for (const [type, keys] of tr.changed) {
    if (type === answers) for (const key of keys) if (key !== null) ids.add(key);
    if (type === decisions)
      for (const key of keys) {
        const id = key === null ? null : answerOfDecisionKey(key);
        if (id !== null) ids.add(id);
      }
  }
  return ids;
}

/** Answers checked per turn of the event loop (10,000 take 65–100 ms here in one go). */
export const SLICE = 500;

/**
 * Puts the board copies of these answers in step, SLICE at a time: the first slice at once (an
 * ordinary update touches one or a few), the rest with a turn of the event loop between slices
 * (the pass on load; a catch-up after a Redis outage that brings many decisions at once).
 */
function syncSliced(board: LoadedBoard, ids: readonly string[], from = 0): void {
  if (board.full.doc.isDestroyed || board.queue.doc.isDestroyed) return;
  // One transaction per slice: the copies it writes reach the projection and the store together.
  board.full.doc.transact(() => {
    for (const id of ids.slice(from, from + SLICE)) syncBoardAnswer(board.full.doc, board.queue.doc, id, SYNC_ORIGIN);
  }, SYNC_ORIGIN);
  if (from + SLICE < ids.length) setImmediate(() => syncSliced(board, ids, from + SLICE));
}

export const answerSyncHooks: BoardHooks = {
  name: 'poll-answer-sync',
  // Every answer once: a copy written by an instance that stopped before it saw the decision overriding it.
  onLoad: (board) => syncSliced(board, [...queueAnswersMap(board.queue.doc).keys()]),
  onUpdate(board, doc, tr) {
    if (doc !== 'queue' || tr.changed.size === 0 || originKind(tr.origin) === 'store' || board.full.doc.isDestroyed) return;
    const ids = [...answersTouched(board.queue.doc, tr)];
    if (ids.length > 0) syncSliced(board, ids);
  }
};
