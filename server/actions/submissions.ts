/** Audience submissions and the moderator's queue. PLACEHOLDER: replaced by the submissions work. */
import { ApproveSubmission, HideComment, MergeSubmission, NoPayload, RedactCard, RejectSubmission, Submit } from '../../src/lib/protocol/schemas.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { defineAction } from './action.js';
import { BoardError } from '../../src/lib/board/errors.js';

const todo = (): never => {
  throw new BoardError('forbidden', 'not implemented yet');
};

export const submissionActions = {
  'submission:create': defineAction(Submit, 'submit', (): SubmissionView => todo()),
  'submission:mine': defineAction(NoPayload, 'submit', (): SubmissionView[] => todo()),
  'queue:approve': defineAction(ApproveSubmission, 'moderate', (): { resultId: string } => todo()),
  'queue:merge': defineAction(MergeSubmission, 'moderate', (): { resultId: string } => todo()),
  'queue:reject': defineAction(RejectSubmission, 'moderate', (): undefined => todo()),
  'card:redact': defineAction(RedactCard, 'moderate', (): undefined => todo()),
  'comment:hide': defineAction(HideComment, 'moderate', (): undefined => todo())
};
