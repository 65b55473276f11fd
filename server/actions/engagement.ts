/** Audience settings, dot votes, reactions and polls. PLACEHOLDERS marked todo(): replaced by the engagement work. */
import { setSettings } from '../../src/lib/board/commands.js';
import { BoardError } from '../../src/lib/board/errors.js';
import { BoardSettingsSchema, CreatePoll, PollRef, PollVote, ResetVotes, SendReaction, ShowPoll } from '../../src/lib/protocol/schemas.js';
import { defineAction } from './action.js';

const todo = (): never => {
  throw new BoardError('forbidden', 'not implemented yet');
};

export const engagementActions = {
  'board:settings': defineAction(BoardSettingsSchema, 'moderate', (ctx, p, origin) => void setSettings(ctx.doc, p, origin)),
  'votes:reset': defineAction(ResetVotes, 'moderate', (): { removed: number } => todo()),
  'reaction:send': defineAction(SendReaction, 'react', (): undefined => todo()),
  'poll:create': defineAction(CreatePoll, 'moderate', (): { pollId: string } => todo()),
  'poll:close': defineAction(PollRef, 'moderate', (): undefined => todo()),
  'poll:show': defineAction(ShowPoll, 'moderate', (): undefined => todo()),
  'poll:vote': defineAction(PollVote, 'poll:vote', (): undefined => todo())
};
