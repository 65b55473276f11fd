/**
 * poll:answer, poll:answer:decide, poll:answer:redact — written answers to word-cloud and
 * open-text polls. The audience's answer goes to the moderator-only queue document; only the
 * moderator's approval writes it to the board (poll-answers.ts), so the projection, and with it
 * every audience phone and projector, never carries a pending or rejected one. A redaction
 * empties the queued answer, removes the approved copy and erases both from the stores and the
 * history like any other redaction (redaction.ts).
 */
import { erase } from '../../../src/lib/board/erasure.js';
import { decideAnswer, redactableAnswer, redactQueuedAnswer, submitAnswer } from '../../../src/lib/board/poll-answers.js';
import { DecidePollAnswer, PollAnswerInput, PollAnswerRef } from '../../../src/lib/protocol/schemas.js';
import { defineAction, defineAsyncAction } from './action.js';
import { eraseEverywhere } from './redaction.js';

export const pollAnswerActions = {
  'poll:answer': defineAction(
    PollAnswerInput,
    'poll:vote',
    (ctx, p, origin) => ({
      answerId: submitAnswer(ctx.doc, ctx.board.queue.doc, { pollId: p.pollId, voterKey: ctx.voterKey, text: p.text, maxQueued: ctx.maxPollAnswers }, origin)
    }),
    { quota: () => 'poll-answer' }
  ),
  'poll:answer:decide': defineAction(DecidePollAnswer, 'moderate', (ctx, p, origin) => void decideAnswer(ctx.doc, ctx.board.queue.doc, p.answerId, p.decision, origin)),
  'poll:answer:redact': defineAsyncAction(
    PollAnswerRef,
    'moderate',
    async (ctx, p, origin): Promise<undefined> => {
      const at = Date.now();
      redactableAnswer(ctx.board.queue.doc, p.answerId);
      const clean = erase(ctx.doc, { kind: 'poll-answer', id: p.answerId }, origin, at);
      redactQueuedAnswer(ctx.board.queue.doc, p.answerId, origin, at);
      await eraseEverywhere(ctx, clean, at, [ctx.board.queue]);
      return undefined;
    },
    { growsDocs: false, quota: () => 'redaction' }
  )
};
