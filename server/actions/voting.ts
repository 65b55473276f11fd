import { toggleVote } from '../../src/lib/board/commands.js';
import { CardRef } from '../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';

export const votingActions = {
  'vote:toggle': defineAction(CardRef, 'card:vote', (ctx, p, origin) => ({
    voted: toggleVote(ctx.doc, p.cardId, ctx.participantKey, origin)
  }))
};
