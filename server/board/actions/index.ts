/** Every action of ActionMap, looked up by name. The type makes the registry exhaustive. */
import type { ActionMap, ActionName } from '../../../src/lib/protocol/events.js';
import type { Action } from './action.js';
import { engagementActions } from './engagement.js';
import { moderationActions } from './moderation.js';
import { orgActions } from './orgs.js';
import { pollAnswerActions } from './poll-answers.js';
import { questionActions } from './questions.js';
import { redactionActions } from './redaction.js';
import { submissionActions } from './submissions.js';
import { topicActions } from './topics.js';
import { votingActions } from './voting.js';
import { withdrawalActions } from './withdrawal.js';

export type ActionRegistry = { readonly [K in ActionName]: Action<ActionMap[K]['result']> };

export const ACTIONS: ActionRegistry = {
  ...votingActions,
  ...moderationActions,
  ...topicActions,
  ...orgActions,
  ...submissionActions,
  ...redactionActions,
  ...withdrawalActions,
  ...engagementActions,
  ...pollAnswerActions,
  ...questionActions
};

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export const isActionName = (name: unknown): name is ActionName => typeof name === 'string' && Object.hasOwn(ACTIONS, name);

export type { Action, ActionContext } from './action.js';
