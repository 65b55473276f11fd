/**
 * poll:answer, poll:answer:decide, poll:answer:redact — written answers to word-cloud and
 * open-text polls. The audience's answer goes to the moderator-only queue document; only the
 * moderator's approval puts it on the board (poll-answers.ts), so the projection, and with it
 * every audience phone and projector, never carries a pending or rejected one. A redaction
 * empties the queued answer, removes the approved copy and erases both from the stores and the
 * history like any other redaction (redaction.ts).
 */
import { erase } from '../../../src/lib/board/erasure.js';
import { BoardError } from '../../../src/lib/board/errors.js';
import { decideAnswer, fileAnswer, planAnswer, redactableAnswer, redactQueuedAnswer, type AnswerInput } from '../../../src/lib/board/poll-answers.js';
import { DecidePollAnswer, PollAnswerInput, PollAnswerRef } from '../../../src/lib/protocol/schemas.js';
import { defineAction, defineAsyncAction, type ActionContext } from './action.js';
import type { BoardOrigin } from '../../../src/lib/board/origin.js';
import { eraseEverywhere } from './redaction.js';

/**
 * A new answer takes one of the device's slots on the poll (answer-slots.ts, shared by every
 * instance) before it is filed; one filed already (the same answer again) takes none. The checks
 * run again after the wait, and the slot goes back when the answer is not filed after all.
 */
async function answer(ctx: ActionContext, input: AnswerInput, origin: BoardOrigin): Promise<string> {
  const queue = ctx.board.queue.doc;
  const plan = planAnswer(ctx.doc, queue, input);
  if (plan.filed) return plan.id;
  if (!(await ctx.answerSlots.take(ctx.boardId, plan.pollId, ctx.voterKey, plan.perDevice)))
    throw new BoardError('budget-exhausted', `You have given all ${plan.perDevice} answers this poll takes`);
  try {
    const now = planAnswer(ctx.doc, queue, input);
    if (now.filed) await ctx.answerSlots.giveBack(ctx.boardId, plan.pollId, ctx.voterKey, plan.perDevice);
    return fileAnswer(queue, now, origin);
  } catch (err) {
    await ctx.answerSlots.giveBack(ctx.boardId, plan.pollId, ctx.voterKey, plan.perDevice);
    throw err;
  }
}

export const pollAnswerActions = {
  'poll:answer': defineAsyncAction(
    PollAnswerInput,
    'poll:vote',
    async (ctx, p, origin) => ({ answerId: await answer(ctx, { pollId: p.pollId, voterKey: ctx.voterKey, text: p.text, maxQueued: ctx.maxPollAnswers }, origin) }),
    { quota: () => 'poll-answer' }
  ),
  'poll:answer:decide': defineAction(DecidePollAnswer, 'moderate', (ctx, p, origin) => void decideAnswer(ctx.doc, ctx.board.queue.doc, p.answerId, p.decision, origin)),
  'poll:answer:redact': defineAsyncAction(
    PollAnswerRef,
    'moderate',
    async (ctx, p, origin): Promise<undefined> => {
      const at = Date.now();
      redactableAnswer(ctx.board.queue.doc, p.answerId);
      // The queue first: once it says 'redacted', nothing calls for a board copy any more (answer-sync.ts).
      redactQueuedAnswer(ctx.board.queue.doc, p.answerId, origin, at);
      const clean = erase(ctx.doc, { kind: 'poll-answer', id: p.answerId }, origin, at);
      await eraseEverywhere(ctx, clean, at, [ctx.board.queue]);
      return undefined;
    },
    { growsDocs: false, quota: () => 'redaction' }
  )
};
