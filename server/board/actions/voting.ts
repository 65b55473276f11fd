import { toggleVote } from '../../../src/lib/board/engagement.js';
import { CardRef } from '../../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';

export const votingActions = {
  // The server derives the voter key; a client never names whose vote it is.
  'vote:toggle': defineAction(CardRef, 'card:vote', (ctx, p, origin) => ({ voted: toggleVote(ctx.doc, p.cardId, ctx.voterKey, origin) }), { quota: () => 'vote' })
};
