/**
 * What the figures need of a board's documents, read in one lean pass: the visible cards'
 * organization and topic, the times of the votes and question upvotes on them, the submissions' state and reason,
 * the organizations and topics. No text is read, so a 2,000-card board costs a few ms (reading
 * its whole content would take ~100 ms).
 */
import type * as Y from 'yjs';
import { cardsMap, orgsMap, parseVoteKey, readOrg, readTopic, topicsMap, upvotesMap, votesMap } from '../../../src/lib/board/layout.js';
import { submissionsMap } from '../../../src/lib/board/queue.js';
import { REJECT_REASONS, SUBMISSION_STATUSES, type RejectReason, type SubmissionStatus } from '../../../src/lib/board/types.js';
import { isVisibleCardEntry } from '../../../src/lib/board/visibility.js';

export interface BoardFacts {
  orgs: Array<{ id: string; name: string; order: number }>;
  topics: Array<{ id: string; title: string; order: number }>;
  /** The visible cards. */
  cards: Array<{ orgId: string | null; topicId: string | null }>;
  /** Epoch ms of each vote on a visible card. */
  voteTimes: number[];
  /** Epoch ms of each question upvote on a visible card (nothing of who gave it). */
  upvoteTimes: number[];
  submissions: Array<{ status: SubmissionStatus; reason: RejectReason | null }>;
}

const idOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null => ((values as readonly unknown[]).includes(v) ? (v as T) : null);

export function boardFacts(full: Y.Doc, queue: Y.Doc): BoardFacts {
  const visible = new Set<string>();
  const cards: BoardFacts['cards'] = [];
  for (const [id, entry] of cardsMap(full)) {
    if (!isVisibleCardEntry(entry)) continue;
    visible.add(id);
    cards.push({ orgId: idOrNull(entry.get('orgId')), topicId: idOrNull(entry.get('topicId')) });
  }
  const timesOn = (map: Y.Map<number>): number[] => {
    const times: number[] = [];
    for (const [key, at] of map) {
      const parsed = parseVoteKey(key);
      if (parsed && visible.has(parsed.cardId) && typeof at === 'number') times.push(at);
    }
    return times;
  };
  const voteTimes = timesOn(votesMap(full));
  const upvoteTimes = timesOn(upvotesMap(full));
  const submissions: BoardFacts['submissions'] = [];
  for (const entry of submissionsMap(queue).values()) {
    submissions.push({ status: oneOf(SUBMISSION_STATUSES, entry.get('status')) ?? 'pending', reason: oneOf(REJECT_REASONS, entry.get('reason')) });
  }
  return {
    orgs: [...orgsMap(full)].map(([id, e]) => readOrg(id, e)),
    topics: [...topicsMap(full)].map(([id, e]) => readTopic(id, e)),
    cards,
    voteTimes,
    upvoteTimes,
    submissions
  };
}
