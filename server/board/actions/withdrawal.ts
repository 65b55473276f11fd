/**
 * submission:withdraw — an audience member removes one of their own submissions for good,
 * whatever its state (docs/privacy.md). Only the device that submitted it may: the submission
 * is filed under the submitter key derived from the server-issued device identity. A published
 * card or comment is erased as a redaction erases (gone from the documents, the poll options
 * copied from it, the history checkpoints and the stores), and the queue entry is removed, not
 * just marked; the moderation log keeps a `withdraw` line without text.
 */
import { BoardError } from '../../../src/lib/board/errors.js';
import { erase, type Erasure } from '../../../src/lib/board/erasure.js';
import { submitterKey } from '../../../src/lib/board/identity.js';
import { cardsMap, commentsMap } from '../../../src/lib/board/layout.js';
import { findSubmission, removeSubmission } from '../../../src/lib/board/queue.js';
import type { Submission } from '../../../src/lib/board/types.js';
import { WithdrawSubmission } from '../../../src/lib/protocol/schemas.js';
import { defineAsyncAction, type ActionContext } from './action.js';
import { eraseEverywhere } from './redaction.js';

/** What withdrawing a submission removes from the board, if it was published and is still there. */
function published(ctx: ActionContext, s: Submission): Erasure | null {
  if (s.status !== 'approved' || s.resultId === null) return null;
  if (s.content.type === 'card') return cardsMap(ctx.doc).has(s.resultId) ? { kind: 'withdraw-card', id: s.resultId } : null;
  return commentsMap(ctx.doc).has(s.resultId) ? { kind: 'withdraw-comment', id: s.resultId } : null;
}

export const withdrawalActions = {
  'submission:withdraw': defineAsyncAction(
    WithdrawSubmission,
    'submit',
    async (ctx, p, origin): Promise<undefined> => {
      const queue = ctx.board.queue;
      const s = findSubmission(queue.doc, p.submissionId);
      if (!s) throw new BoardError('not-found', `No submission ${p.submissionId}`);
      if (s.submitterKey !== submitterKey(ctx.participantKey)) throw new BoardError('forbidden', 'Only the device that sent a submission can withdraw it');
      const at = Date.now();
      const erasure = published(ctx, s);
      if (erasure) erase(ctx.doc, erasure, origin, at);
      const cardId = s.content.type === 'card' ? s.resultId : s.content.cardId;
      removeSubmission(queue.doc, s.id, { at, action: 'withdraw', by: 'author', submissionId: s.id, cardId, reason: null }, origin);
      await eraseEverywhere(ctx, erasure, at, [queue]);
      return undefined;
    },
    // Each withdrawal compacts and scrubs the board's stores: a participant's own bucket, and one
    // for the whole board, so a hall of scripted devices cannot keep the server compacting.
    { growsDocs: false, quota: () => 'withdrawal' }
  )
};
