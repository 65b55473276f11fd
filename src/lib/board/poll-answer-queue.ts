/**
 * The moderator-only side of written poll answers (word cloud, open text): how the queue
 * document holds them and what status each has. Read-only; the writers are in poll-answers.ts.
 *
 *   queue doc  pollAnswers          answerId → { id, pollId, text, status, createdAt, decidedAt } (plain)
 *   queue doc  pollAnswerDecisions  `${answerId}:approved` | `${answerId}:rejected` → time (ms)
 *
 * An answer's entry says 'pending' or 'redacted' (documents from before decisions had their own
 * root also say 'approved' or 'rejected', with decidedAt). Each decision is a key of its own, so
 * two moderators deciding opposite ways at once on two instances both keep their key through
 * Yjs's merge, and every instance reads the same status: **the later decision by time stands; on a
 * tie, the rejection** (the cautious side). A redaction stands above both. Approving again writes
 * a time past the rejection's, so a moderator who changes their mind within one millisecond is
 * still heard.
 */
import type * as Y from 'yjs';
import type { PollAnswer } from './types.js';

export const ANSWER_STATUSES = ['pending', 'approved', 'rejected', 'redacted'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];
export type AnswerDecision = 'approved' | 'rejected';

/** An answer as the moderator sees it in the queue document. */
export interface QueuedAnswer {
  id: string;
  pollId: string;
  text: string;
  status: AnswerStatus;
  createdAt: number;
  decidedAt: number | null;
}

export const queueAnswersMap = (queue: Y.Doc): Y.Map<unknown> => queue.getMap('pollAnswers');
export const answerDecisionsMap = (queue: Y.Doc): Y.Map<unknown> => queue.getMap('pollAnswerDecisions');
export const decisionKey = (answerId: string, decision: AnswerDecision): string => `${answerId}:${decision}`;

/** The answer a key of the decisions root belongs to, or null for a key of another shape. */
export function answerOfDecisionKey(key: string): string | null {
  const colon = key.lastIndexOf(':');
  const decision = key.slice(colon + 1);
  return colon > 0 && (decision === 'approved' || decision === 'rejected') ? key.slice(0, colon) : null;
}

const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const time = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The decision that stands among those given: the latest; a rejection on a tie. */
function latest(candidates: ReadonlyArray<readonly [AnswerDecision, number | null]>): { status: AnswerDecision; at: number } | null {
  let best: { status: AnswerDecision; at: number } | null = null;
  for (const [status, at] of candidates) {
    if (at === null) continue;
    if (!best || at > best.at || (at === best.at && status === 'rejected')) best = { status, at };
  }
  return best;
}

/** One answer of the queue with its status as it stands (a lookup of three keys), or null. */
export function queuedAnswer(queue: Y.Doc, id: string): QueuedAnswer | null {
  const o = record(queueAnswersMap(queue).get(id));
  if (!o || typeof o.pollId !== 'string') return null;
  const base = { id, pollId: o.pollId, text: str(o.text), createdAt: num(o.createdAt) };
  if (o.status === 'redacted') return { ...base, status: 'redacted', decidedAt: time(o.decidedAt) };
  const decisions = answerDecisionsMap(queue);
  const legacy = o.status === 'approved' || o.status === 'rejected' ? ([[o.status, time(o.decidedAt)]] as const) : [];
  const decided = latest([...legacy, ['approved', time(decisions.get(decisionKey(id, 'approved')))], ['rejected', time(decisions.get(decisionKey(id, 'rejected')))]]);
  return decided ? { ...base, status: decided.status, decidedAt: decided.at } : { ...base, status: 'pending', decidedAt: null };
}

/** Every answer in the queue document, oldest first. */
export function readQueuedAnswers(queue: Y.Doc): QueuedAnswer[] {
  const out: QueuedAnswer[] = [];
  for (const id of queueAnswersMap(queue).keys()) {
    const answer = queuedAnswer(queue, id);
    if (answer) out.push(answer);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/**
 * What the board document should hold for a queued answer: its copy when approved (stamped with
 * the decision's time, so every instance writes the same value), nothing otherwise. Undefined
 * when the queue has no such answer (one imported with a board): the queue has no say on it.
 */
export function boardCopyOf(queue: Y.Doc, id: string): { pollId: string; text: string; at: number } | null | undefined {
  const answer = queuedAnswer(queue, id);
  if (!answer) return undefined;
  return answer.status === 'approved' ? { pollId: answer.pollId, text: answer.text, at: answer.decidedAt ?? 0 } : null;
}

/**
 * The answers a restore leaves on the board (restore.ts writes them): the moderator's decisions
 * in the queue stand over a checkpoint, so an answer rejected or redacted since stays off and one
 * approved since stays on; an answer the queue does not know (imported) is as it was then.
 */
export function answersAfterRestore(then: readonly PollAnswer[], queue: Y.Doc): PollAnswer[] {
  const out = then.filter((a) => boardCopyOf(queue, a.id) === undefined);
  for (const id of queueAnswersMap(queue).keys()) {
    const copy = boardCopyOf(queue, id);
    if (copy) out.push({ id, ...copy });
  }
  return out;
}
