/** Q&A: upvoting questions (apart from the dot-vote budget) and the moderator's answered mark. */
import { markAnswered, toggleUpvote } from '../../../src/lib/board/questions.js';
import { CardRef, MarkAnswered } from '../../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';

export const questionActions = {
  // The server derives the voter key from the device id (one upvote per device, Q2); the same
  // rate as dot votes, from the same bucket.
  'question:upvote': defineAction(CardRef, 'card:vote', (ctx, p, origin) => ({ upvoted: toggleUpvote(ctx.doc, p.cardId, ctx.voterKey, origin) }), { quota: () => 'vote' }),
  'question:answered': defineAction(MarkAnswered, 'moderate', (ctx, p, origin) => void markAnswered(ctx.doc, p.cardId, p.answered, origin))
};
