/**
 * The moderator-only queue document of a board (`<boardId>/queue`): audience submissions and
 * the moderation log. Only moderators ever receive it; pending and rejected items live nowhere
 * else, so they cannot reach the audience, the projector or panelists.
 *
 *   submissions  Y.Map    submissionId → Y.Map { id, key, content: SubmissionContent, author,
 *                                               nameConsent, orgId, submitterKey, status, reason,
 *                                               createdAt, decidedAt, resultId, translations }
 *   log          Y.Array  ModerationLogEntry (plain objects, appended only)
 *
 * `key` is the idempotency key the submitting device chose. The submission id is derived from
 * the submitter key and that key (`submissionId`), so a retry — on any instance, after a
 * restart — lands on the same entry. Readers are tolerant, like layout.ts: a malformed entry
 * falls back to safe defaults. The commands below are the only writers of this document.
 */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import * as Y from 'yjs';
import { BoardError } from './errors.js';
import { entryFrom, isCardKind, metaMap, type YEntry } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { readTranslations, TRANSLATIONS_FIELD } from './translations.js';
import {
  MODERATION_ACTIONS,
  REJECT_REASONS,
  SUBMISSION_STATUSES,
  type ModerationLogEntry,
  type QueueCounts,
  type RejectReason,
  type Submission,
  type SubmissionContent,
  type SubmissionStatus
} from './types.js';

export const QUEUE_ROOT = { submissions: 'submissions', log: 'log' } as const;

export const submissionsMap = (doc: Y.Doc): Y.Map<YEntry> => doc.getMap(QUEUE_ROOT.submissions);
export const logArray = (doc: Y.Doc): Y.Array<ModerationLogEntry> => doc.getArray(QUEUE_ROOT.log);

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null => ((values as readonly unknown[]).includes(v) ? (v as T) : null);

function readContent(v: unknown): SubmissionContent {
  const o = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  if (o.type === 'comment') return { type: 'comment', cardId: str(o.cardId), text: str(o.text) };
  return { type: 'card', kind: isCardKind(o.kind) ? o.kind : 'question', text: str(o.text), topicId: strOrNull(o.topicId) };
}

export function readSubmission(id: string, entry: YEntry): Submission {
  const decidedAt = entry.get('decidedAt');
  const translations = readTranslations(entry.get(TRANSLATIONS_FIELD));
  return {
    id,
    content: readContent(entry.get('content')),
    author: str(entry.get('author')),
    nameConsent: entry.get('nameConsent') === true,
    orgId: strOrNull(entry.get('orgId')),
    submitterKey: str(entry.get('submitterKey')),
    status: oneOf(SUBMISSION_STATUSES, entry.get('status')) ?? 'pending',
    reason: oneOf<RejectReason>(REJECT_REASONS, entry.get('reason')),
    createdAt: num(entry.get('createdAt')),
    decidedAt: typeof decidedAt === 'number' ? decidedAt : null,
    resultId: strOrNull(entry.get('resultId')),
    ...(translations ? { translations } : {})
  };
}

/** Every submission, oldest first. */
export function readSubmissions(doc: Y.Doc): Submission[] {
  return [...submissionsMap(doc)].map(([id, e]) => readSubmission(id, e)).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function readLog(doc: Y.Doc): ModerationLogEntry[] {
  return logArray(doc)
    .toArray()
    .flatMap((e: unknown) => {
      if (typeof e !== 'object' || e === null) return [];
      const o = e as Record<string, unknown>;
      const action = oneOf(MODERATION_ACTIONS, o.action);
      if (!action) return [];
      return [
        { at: num(o.at), action, by: str(o.by), submissionId: strOrNull(o.submissionId), cardId: strOrNull(o.cardId), reason: oneOf<RejectReason>(REJECT_REASONS, o.reason) }
      ];
    });
}

export function countQueue(submissions: readonly Submission[]): QueueCounts {
  const counts: QueueCounts = { pending: 0, approved: 0, rejected: 0 };
  for (const s of submissions) counts[s.status] += 1;
  return counts;
}

// ---- Identifiers -----------------------------------------------------------------------

const hashId = (text: string): string =>
  toBase64(digest(new TextEncoder().encode(text)).subarray(0, 12))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

/** The id of a participant's submission: the same for every retry with the same idempotency key. */
export const submissionId = (submitterKey: string, idempotencyKey: string): string => hashId(`panel-board:submission:${submitterKey}:${idempotencyKey}`);

/**
 * The id of the card or comment a submission becomes. Deterministic, so an approval retried
 * after a crash (or made twice on two instances) creates the same entry, never a second one.
 */
export const resultIdFor = (submissionId: string): string => hashId(`panel-board:result:${submissionId}`);

/** How the moderation log names a moderator: a short tag of their participant key, never a device id. */
export function moderatorLabel(participantKey: string): string {
  const hash = digest(new TextEncoder().encode(`panel-board:moderator:${participantKey}`));
  return `moderator ${[...hash.subarray(0, 2)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

// ---- Readers of one entry ----------------------------------------------------------------

export function findSubmission(doc: Y.Doc, id: string): Submission | null {
  const entry = submissionsMap(doc).get(id);
  return entry ? readSubmission(id, entry) : null;
}

/** The idempotency key the submitting device chose ('' when missing). */
export function submissionKey(doc: Y.Doc, id: string): string {
  return str(submissionsMap(doc).get(id)?.get('key'));
}

// ---- Commands (the only writers of the queue document) ---------------------------------

export interface NewSubmission {
  submitterKey: string;
  /** The device's idempotency key. */
  key: string;
  content: SubmissionContent;
  author: string;
  /** The submitter agreed to show `author` on the public outputs (absent: no). */
  nameConsent?: boolean;
  orgId: string | null;
  /** 'approved' when it was published at once (no pre-moderation, or a panelist/moderator). */
  status: Extract<SubmissionStatus, 'pending' | 'approved'>;
  resultId: string | null;
}

/**
 * Files a submission under its deterministic id. Idempotent: when the entry exists, nothing is
 * written and the stored submission is returned with `created: false`.
 */
export function fileSubmission(doc: Y.Doc, input: NewSubmission, origin: BoardOrigin, now = Date.now()): { submission: Submission; created: boolean } {
  const id = submissionId(input.submitterKey, input.key);
  const existing = findSubmission(doc, id);
  if (existing) return { submission: existing, created: false };
  if (input.status === 'approved' && input.resultId === null) throw new BoardError('invalid', 'An approved submission needs its result');
  doc.transact(() => {
    submissionsMap(doc).set(
      id,
      entryFrom({
        id,
        key: input.key,
        content: { ...input.content },
        author: input.author,
        nameConsent: input.nameConsent === true,
        orgId: input.orgId,
        submitterKey: input.submitterKey,
        status: input.status,
        reason: null,
        createdAt: now,
        decidedAt: input.status === 'approved' ? now : null,
        resultId: input.resultId
      })
    );
  }, origin);
  return { submission: findSubmission(doc, id) as Submission, created: true };
}

export type Decision = { status: 'approved'; action: 'approve' | 'edit-approve' | 'merge'; resultId: string } | { status: 'rejected'; action: 'reject'; reason: RejectReason };

/** Whether a submission exists and still waits for a decision; throws a clear BoardError otherwise. */
export function requirePending(doc: Y.Doc, id: string): Submission {
  const submission = findSubmission(doc, id);
  if (!submission) throw new BoardError('not-found', `No submission ${id}`);
  if (submission.status !== 'pending') throw new BoardError('invalid', `Submission ${id} is already ${submission.status}; only pending submissions can be decided`);
  return submission;
}

/**
 * Decides a pending submission and appends the decision to the moderation log, in one
 * transaction. `by` is the moderator's label (moderatorLabel).
 */
export function decide(doc: Y.Doc, id: string, decision: Decision, by: string, origin: BoardOrigin, now = Date.now()): Submission {
  requirePending(doc, id);
  const entry = submissionsMap(doc).get(id) as YEntry;
  const reason = decision.status === 'rejected' ? decision.reason : null;
  const resultId = decision.status === 'approved' ? decision.resultId : null;
  doc.transact(() => {
    entry.set('status', decision.status);
    entry.set('reason', reason);
    entry.set('decidedAt', now);
    entry.set('resultId', resultId);
    logArray(doc).push([{ at: now, action: decision.action, by, submissionId: id, cardId: resultId, reason }]);
  }, origin);
  return readSubmission(id, entry);
}

/** Appends one line to the moderation log (for actions that decide no submission, e.g. hiding a comment). */
export function appendLog(doc: Y.Doc, entry: ModerationLogEntry, origin: BoardOrigin): void {
  doc.transact(() => logArray(doc).push([{ ...entry }]), origin);
}

/** What a redaction replaces in the submissions a card or comment came from. */
export interface SubmittedPatch {
  text?: string;
  author?: string;
}

/**
 * Replaces the submitted text and/or nickname of the given submissions (a redaction, or a
 * rejection for personal data) and logs `logEntry` in the same transaction. The old value is
 * deleted from the document (gc'd); the caller compacts the stored queue so no stored entry
 * keeps it either.
 */
export function replaceSubmitted(doc: Y.Doc, ids: readonly string[], patch: SubmittedPatch, logEntry: ModerationLogEntry | null, origin: BoardOrigin): void {
  doc.transact(() => {
    for (const id of ids) {
      const entry = submissionsMap(doc).get(id);
      if (!entry) continue;
      if (patch.text !== undefined) {
        entry.set('content', { ...readSubmission(id, entry).content, text: patch.text });
        // Translations of the old text would keep it readable: they go with it.
        entry.delete(TRANSLATIONS_FIELD);
      }
      if (patch.author !== undefined && entry.get('author') !== patch.author) entry.set('author', patch.author);
    }
    if (logEntry) logArray(doc).push([{ ...logEntry }]);
  }, origin);
}

export function replaceSubmittedText(doc: Y.Doc, ids: readonly string[], text: string, logEntry: ModerationLogEntry | null, origin: BoardOrigin): void {
  replaceSubmitted(doc, ids, { text }, logEntry, origin);
}

/**
 * Removes a submission for good (its author withdrew it) and logs `logEntry` in the same
 * transaction; the log line keeps no text. The caller compacts the stored queue.
 */
export function removeSubmission(doc: Y.Doc, id: string, logEntry: ModerationLogEntry, origin: BoardOrigin): void {
  doc.transact(() => {
    submissionsMap(doc).delete(id);
    logArray(doc).push([{ ...logEntry }]);
  }, origin);
}

/** Submissions that became (or were merged as) a given card, or a given comment. */
export const submissionsOf = (doc: Y.Doc, resultId: string, type: SubmissionContent['type']): Submission[] =>
  readSubmissions(doc).filter((s) => s.resultId === resultId && s.content.type === type);

// ---- The public mirror in the full document ----------------------------------------------

const sameCounts = (a: QueueCounts, b: unknown): boolean => {
  const o = typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : {};
  return a.pending === o.pending && a.approved === o.approved && a.rejected === o.rejected;
};

/**
 * Writes the queue's counters into the full board's meta (`queueCounts`), where the public
 * projection picks them up. Writes nothing when they are already equal; returns whether it wrote.
 */
export function publishQueueCounts(full: Y.Doc, counts: QueueCounts, origin: BoardOrigin): boolean {
  const meta = metaMap(full);
  const current = meta.get('queueCounts');
  if (sameCounts(counts, current) || (current === undefined && counts.pending + counts.approved + counts.rejected === 0)) return false;
  full.transact(() => meta.set('queueCounts', { ...counts }), origin);
  return true;
}
