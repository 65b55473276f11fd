/**
 * Keeps the board's copies of written poll answers equal to their status in the moderator-only
 * queue (src/lib/board/poll-answers.ts syncBoardAnswer): after every change to the queue's
 * answers or decisions, whichever instance made it, for each answer it touched, and for all of
 * them once on load. Two moderators deciding opposite ways at once on two instances each write
 * their own board copy (or remove it); when the other's decision arrives, each instance reads the
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

function syncAll(board: LoadedBoard): void {
  for (const id of queueAnswersMap(board.queue.doc).keys()) syncBoardAnswer(board.full.doc, board.queue.doc, id, SYNC_ORIGIN);
}

export const answerSyncHooks: BoardHooks = {
  name: 'poll-answer-sync',
  onLoad: syncAll,
  onUpdate(board, doc, tr) {
    if (doc !== 'queue' || tr.changed.size === 0 || originKind(tr.origin) === 'store' || board.full.doc.isDestroyed) return;
    for (const id of answersTouched(board.queue.doc, tr)) syncBoardAnswer(board.full.doc, board.queue.doc, id, SYNC_ORIGIN);
  }
};
