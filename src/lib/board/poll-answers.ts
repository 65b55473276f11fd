/**
 * Free-text poll answers (word cloud and open text), a command module like engagement.ts. An
 * answer first waits in the moderator-only queue document (queue.ts: only moderators receive it,
 * so no pending answer reaches the audience, the projector or panelists); only an approved one is
 * written to the board document, whose projection the public sees.
 *
 *   queue doc  pollAnswers  answerId → { id, pollId, text, status, createdAt, decidedAt } (plain)
 *   board doc  pollAnswers  answerId → { pollId, text, at }                               (plain)
 *
 * The answer id is derived from the poll, the device's voter key and a slot (0 … the kind's
 * ANSWERS_PER_DEVICE - 1): the per-device limit is a lookup of at most three keys, the same on
 * every instance, and the id does not reveal the voter key. A redacted answer keeps its slot
 * with no text, so it neither comes back nor frees room for another.
 */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import type * as Y from 'yjs';
import { cleanPollText } from './engagement.js';
import { BoardError } from './errors.js';
import { pollAnswersMap, pollsMap, readPoll } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { ANSWERS_PER_DEVICE, isTextPoll, MAX_POLL_ANSWER, type PollAnswer, type TextPollKind } from './types.js';
import { normalizeAnswer } from './word-cloud.js';

export const ANSWER_STATUSES = ['pending', 'approved', 'rejected', 'redacted'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

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

const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function readQueuedAnswer(id: string, v: unknown): QueuedAnswer | null {
  const o = record(v);
  if (!o || typeof o.pollId !== 'string') return null;
  const status = (ANSWER_STATUSES as readonly unknown[]).includes(o.status) ? (o.status as AnswerStatus) : 'pending';
  return { id, pollId: o.pollId, text: str(o.text), status, createdAt: num(o.createdAt), decidedAt: typeof o.decidedAt === 'number' ? o.decidedAt : null };
}

/** Every answer in the queue document, oldest first. */
export function readQueuedAnswers(queue: Y.Doc): QueuedAnswer[] {
  const out: QueuedAnswer[] = [];
  for (const [id, v] of queueAnswersMap(queue)) {
    const answer = readQueuedAnswer(id, v);
    if (answer) out.push(answer);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function readPollAnswer(id: string, v: unknown): PollAnswer | null {
  const o = record(v);
  return o && typeof o.pollId === 'string' && typeof o.text === 'string' ? { id, pollId: o.pollId, text: o.text, at: num(o.at) } : null;
}

/** The approved answers of a board document, per poll, oldest first. */
export function readPollAnswers(doc: Y.Doc): Map<string, PollAnswer[]> {
  const byPoll = new Map<string, PollAnswer[]>();
  for (const [id, v] of pollAnswersMap(doc)) {
    const answer = readPollAnswer(id, v);
    if (!answer) continue;
    const list = byPoll.get(answer.pollId);
    if (list) list.push(answer);
    else byPoll.set(answer.pollId, [answer]);
  }
  for (const list of byPoll.values()) list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  return byPoll;
}

const hashId = (text: string): string =>
  toBase64(digest(new TextEncoder().encode(text)).subarray(0, 12))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

export const answerId = (pollId: string, voterKey: string, slot: number): string => hashId(`panel-board:poll-answer:${pollId}:${voterKey}:${slot}`);

/** The text poll an answer goes to; throws unless it exists, takes text and is open. */
function textPoll(doc: Y.Doc, pollId: string): TextPollKind {
  const entry = pollsMap(doc).get(pollId);
  if (!entry) throw new BoardError('not-found', `No poll ${pollId}`);
  const poll = readPoll(pollId, entry);
  if (!isTextPoll(poll.kind)) throw new BoardError('invalid', 'This poll takes a choice, not a written answer');
  if (!poll.open) throw new BoardError('disabled', 'This poll is closed');
  return poll.kind;
}

export interface AnswerInput {
  pollId: string;
  voterKey: string;
  text: string;
  /** Entries the queue's answer root may hold at most (all polls, all states). */
  maxQueued: number;
}

/**
 * Files a device's answer for moderation and returns its id. The same answer again (after
 * normalizeAnswer) returns the one filed, so a retry costs no slot; past the kind's
 * ANSWERS_PER_DEVICE it throws 'budget-exhausted'.
 */
export function submitAnswer(board: Y.Doc, queue: Y.Doc, input: AnswerInput, origin: BoardOrigin, now = Date.now()): string {
  const kind = textPoll(board, input.pollId);
  const text = cleanPollText(input.text, MAX_POLL_ANSWER[kind], 'The answer');
  const key = normalizeAnswer(text);
  const answers = queueAnswersMap(queue);
  let free: string | null = null;
  for (let slot = 0; slot < ANSWERS_PER_DEVICE[kind]; slot += 1) {
    const id = answerId(input.pollId, input.voterKey, slot);
    const filed = readQueuedAnswer(id, answers.get(id));
    if (!filed) free ??= id;
    else if (filed.status !== 'redacted' && normalizeAnswer(filed.text) === key) return id;
  }
  if (free === null) throw new BoardError('budget-exhausted', `You have given all ${ANSWERS_PER_DEVICE[kind]} answers this poll takes`);
  if (answers.size >= input.maxQueued) throw new BoardError('disabled', 'This board takes no more written answers');
  const id = free;
  queue.transact(() => answers.set(id, { id, pollId: input.pollId, text, status: 'pending', createdAt: now, decidedAt: null }), origin);
  return id;
}

function queued(queue: Y.Doc, id: string): QueuedAnswer {
  const answer = readQueuedAnswer(id, queueAnswersMap(queue).get(id));
  if (!answer || answer.status === 'redacted') throw new BoardError('not-found', `No answer ${id}`);
  return answer;
}

/**
 * The moderator's decision. Approving writes the answer to the board document (the hall sees
 * it); rejecting one approved before takes it off the board again. Deciding twice the same way
 * changes nothing.
 */
export function decideAnswer(board: Y.Doc, queue: Y.Doc, id: string, decision: 'approve' | 'reject', origin: BoardOrigin, now = Date.now()): void {
  const answer = queued(queue, id);
  const status = decision === 'approve' ? 'approved' : 'rejected';
  if (answer.status === status) return;
  queue.transact(() => queueAnswersMap(queue).set(id, { ...answer, status, decidedAt: now }), origin);
  board.transact(() => {
    if (status === 'approved') pollAnswersMap(board).set(id, { pollId: answer.pollId, text: answer.text, at: now });
    else pollAnswersMap(board).delete(id);
  }, origin);
}

/** Checks that an answer can be redacted (it exists and is not redacted yet). */
export const redactableAnswer = (queue: Y.Doc, id: string): QueuedAnswer => queued(queue, id);

/** Empties a queued answer for good (its board copy goes by erasure.ts, kind 'poll-answer'). */
export function redactQueuedAnswer(queue: Y.Doc, id: string, origin: BoardOrigin, at = Date.now()): void {
  const answer = queued(queue, id);
  queue.transact(() => queueAnswersMap(queue).set(id, { ...answer, text: '', status: 'redacted', decidedAt: at }), origin);
}
