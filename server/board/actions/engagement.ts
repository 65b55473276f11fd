/** Audience settings, resetting votes, reactions and polls (dot votes themselves: voting.ts). */
import { setSettings } from '../../../src/lib/board/commands.js';
import { closePoll, createPoll, reactionTarget, resetVotes, showPoll, votePoll } from '../../../src/lib/board/engagement.js';
import { BoardSettingsSchema, CreatePoll, PollRef, PollVote, ResetVotes, SendReaction, ShowPoll } from '../../../src/lib/protocol/schemas.js';
import { appendLog, moderatorLabel } from '../../../src/lib/board/queue.js';
import { defineAction } from './action.js';

export const engagementActions = {
  'board:settings': defineAction(BoardSettingsSchema, 'moderate', (ctx, p, origin) => void setSettings(ctx.doc, p, origin)),
  'votes:reset': defineAction(ResetVotes, 'moderate', (ctx, p, origin) => {
    const removed = resetVotes(ctx.doc, p.cardId ?? null, origin);
    appendLog(
      ctx.board.queue.doc,
      { at: Date.now(), action: 'votes-reset', by: moderatorLabel(ctx.participantKey), submissionId: null, cardId: p.cardId ?? null, reason: null },
      origin
    );
    return { removed };
  }),
  'reaction:send': defineAction(
    SendReaction,
    'react',
    (ctx, p): undefined => {
      const target = reactionTarget(ctx.doc, p.emoji, p.target);
      // Aggregated by the notifier (server/board/reactions.ts): counts only, never who.
      ctx.notify.reactions(ctx.boardId, { target, counts: { [p.emoji]: 1 } });
      return undefined;
    },
    { quota: () => 'reaction', growsDocs: false }
  ),
  'poll:create': defineAction(CreatePoll, 'moderate', (ctx, p, origin) => ({ pollId: createPoll(ctx.doc, p, origin) })),
  'poll:close': defineAction(PollRef, 'moderate', (ctx, p, origin) => void closePoll(ctx.doc, p.pollId, origin)),
  'poll:show': defineAction(ShowPoll, 'moderate', (ctx, p, origin) => void showPoll(ctx.doc, p.pollId, origin)),
  'poll:vote': defineAction(PollVote, 'poll:vote', (ctx, p, origin): undefined => void votePoll(ctx.doc, p.pollId, ctx.voterKey, p.optionIds, origin), { quota: () => 'poll-vote' })
};
