import type { MessageKey } from '$lib/i18n/index.js';
import type { IconName } from './icons.js';

/**
 * The two tallies a card can carry, drawn by one VoteButton and one VoteCount: dot votes (a heart)
 * and, on a question, upvotes (a thumb). Each has its icon, the button's accessible name and the
 * count's label; the test ids are the kind's name (`vote-button`, `upvote-count`).
 */
export type VoteKind = 'vote' | 'upvote';

export const VOTE_KINDS = {
  vote: { icon: 'heart', action: 'vote.action', count: 'count.votes' },
  upvote: { icon: 'thumb', action: 'qa.upvote.action', count: 'count.upvotes' }
} as const satisfies Record<VoteKind, { icon: IconName; action: MessageKey; count: MessageKey }>;
