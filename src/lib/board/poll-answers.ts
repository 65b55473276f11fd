/**
 * Free-text poll answers (word cloud and open text), a command module like engagement.ts. An
 * answer first waits in the moderator-only queue document (poll-answer-queue.ts; only moderators
 * receive it, so no pending answer reaches the audience, the projector or panelists); only an
 * approved one is copied to the board document, whose projection the public sees.
 *
 *   board doc  pollAnswers  answerId → { pollId, text, at }   (plain; at = the approval's time)
 *
 * The answer id is derived from the poll, the device's voter key and the answer as normalized
 * (normalizeAnswer): the same answer sent twice, on one instance or two at once, is one entry;
 * two different answers never share an id, so neither overwrites the other. The id does not
 * reveal the voter key. The per-device limit (ANSWERS_PER_DEVICE) is the server action's, on a
 * counter every instance shares (server/board/actions/answer-slots.ts); these commands check
 * the rest. A redacted answer keeps its entry with no text: the same answer again is refused,
 * so it neither comes back nor frees room.
 *
 * The board's copy follows the queue (syncBoardAnswer): present exactly when the answer's status
 * there is 'approved'. The server runs it for every answer a queue change touches, whichever
 * instance made it (server/board/answer-sync.ts), so two opposite decisions at once end the same
 * on every instance.
 */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import type * as Y from 'yjs';
import { cleanPollText } from './engagement.js';
import { BoardError } from './errors.js';
import { pollAnswersMap, pollsMap, readPoll } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { answerDecisionsMap, boardCopyOf, decisionKey, queueAnswersMap, queuedAnswer, type QueuedAnswer } from './poll-answer-queue.js';
import { ANSWERS_PER_DEVICE, isTextPoll, MAX_POLL_ANSWER, type PollAnswer, type TextPollKind } from './types.js';
import { normalizeAnswer } from './word-cloud.js';

export * from './poll-answer-queue.js';

const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

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

/** The id of a device's answer: one per (poll, device, answer as normalized). */
export const answerId = (pollId: string, voterKey: string, text: string): string => hashId(`panel-board:poll-answer:${pollId}:${voterKey}:${normalizeAnswer(text)}`);

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

/** An answer checked and ready to file: its id, cleaned text, and whether the device filed it already. */
export interface AnswerPlan {
  id: string;
  pollId: string;
  text: string;
  /** How many different answers one device may give to this poll (ANSWERS_PER_DEVICE). */
  perDevice: number;
  filed: boolean;
}

/**
 * Checks an answer against the poll and the queue (a lookup of one key). The same answer again
 * (after normalizeAnswer) is `filed`, so a retry costs no room; one the moderator redacted is
 * refused, so it does not come back.
 */
export function planAnswer(board: Y.Doc, queue: Y.Doc, input: AnswerInput): AnswerPlan {
  const kind = textPoll(board, input.pollId);
  const text = cleanPollText(input.text, MAX_POLL_ANSWER[kind], 'The answer');
  const id = answerId(input.pollId, input.voterKey, text);
  const answers = queueAnswersMap(queue);
  const filed = queuedAnswer(queue, id);
  if (filed?.status === 'redacted') throw new BoardError('disabled', 'The moderator removed this answer');
  if (!filed && answers.size >= input.maxQueued) throw new BoardError('disabled', 'This board takes no more written answers');
  return { id, pollId: input.pollId, text, perDevice: ANSWERS_PER_DEVICE[kind], filed: filed !== null };
}

/** Files a planned answer for moderation unless it is there already. */
export function fileAnswer(queue: Y.Doc, plan: AnswerPlan, origin: BoardOrigin, now = Date.now()): string {
  const answers = queueAnswersMap(queue);
  if (answers.has(plan.id)) return plan.id;
  queue.transact(() => answers.set(plan.id, { id: plan.id, pollId: plan.pollId, text: plan.text, status: 'pending', createdAt: now, decidedAt: null }), origin);
  return plan.id;
}

/**
 * Files a device's answer for moderation and returns its id (planAnswer, then fileAnswer), with
 * no per-device limit: the server action keeps that on a counter shared by every instance.
 */
export function submitAnswer(board: Y.Doc, queue: Y.Doc, input: AnswerInput, origin: BoardOrigin, now = Date.now()): string {
  return fileAnswer(queue, planAnswer(board, queue, input), origin, now);
}

function queued(queue: Y.Doc, id: string): QueuedAnswer {
  const answer = queuedAnswer(queue, id);
  if (!answer || answer.status === 'redacted') throw new BoardError('not-found', `No answer ${id}`);
  return answer;
}

/**
 * Makes the board's copy of a queued answer follow its status (boardCopyOf): written when
 * approved, removed otherwise; untouched for an answer the queue does not know. Writes only a
 * difference, so running it again, or on every instance, changes nothing more. Returns whether it wrote.
 */
export function syncBoardAnswer(board: Y.Doc, queue: Y.Doc, id: string, origin: BoardOrigin): boolean {
  const want = boardCopyOf(queue, id);
  if (want === undefined) return false;
  const map = pollAnswersMap(board);
  const have = record(map.get(id));
  if (want === null) {
    if (!map.has(id)) return false;
    board.transact(() => map.delete(id), origin);
    return true;
  }
  if (have && have.pollId === want.pollId && have.text === want.text && num(have.at) === want.at) return false;
  board.transact(() => map.set(id, want), origin);
  return true;
}

/**
 * The moderator's decision, recorded in the queue under a key of its own (poll-answer-queue.ts:
 * the later decision stands), then mirrored on the board (syncBoardAnswer). Deciding twice the
 * same way changes nothing.
 */
export function decideAnswer(board: Y.Doc, queue: Y.Doc, id: string, decision: 'approve' | 'reject', origin: BoardOrigin, now = Date.now()): void {
  const answer = queued(queue, id);
  const status = decision === 'approve' ? 'approved' : 'rejected';
  if (answer.status !== status) {
    // Past the decision standing now, so this one stands even within the same millisecond.
    const at = answer.decidedAt === null ? now : Math.max(now, answer.decidedAt + 1);
    queue.transact(() => answerDecisionsMap(queue).set(decisionKey(id, status), at), origin);
  }
  syncBoardAnswer(board, queue, id, origin);
}

/** Checks that an answer can be redacted (it exists and is not redacted yet). */
export const redactableAnswer = (queue: Y.Doc, id: string): QueuedAnswer => queued(queue, id);

/**
 * Empties a queued answer for good; its board copy goes by erasure.ts (kind 'poll-answer'). Run
 * it before that erasure: the queue then no longer calls for a board copy.
 */
export function redactQueuedAnswer(queue: Y.Doc, id: string, origin: BoardOrigin, at = Date.now()): void {
  const answer = queued(queue, id);
  queue.transact(() => queueAnswersMap(queue).set(id, { id, pollId: answer.pollId, text: '', status: 'redacted', createdAt: answer.createdAt, decidedAt: at }), origin);
}
