/**
 * The moderator-only queue document of a board (`<boardId>/queue`): audience submissions and
 * the moderation log. Only moderators ever receive it; pending and rejected items live nowhere
 * else, so they cannot reach the audience, the projector or panelists.
 *
 *   submissions  Y.Map    submissionId → Y.Map { id, content: SubmissionContent, author, orgId,
 *                                               submitterKey, status, reason, createdAt,
 *                                               decidedAt, resultId }
 *   log          Y.Array  ModerationLogEntry (plain objects, appended only)
 *
 * Readers are tolerant, like layout.ts: a malformed entry falls back to safe defaults.
 */
import * as Y from 'yjs';
import { isCardKind, type YEntry } from './layout.js';
import {
  MODERATION_ACTIONS,
  REJECT_REASONS,
  SUBMISSION_STATUSES,
  type ModerationLogEntry,
  type QueueCounts,
  type RejectReason,
  type Submission,
  type SubmissionContent
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
  return {
    id,
    content: readContent(entry.get('content')),
    author: str(entry.get('author')),
    orgId: strOrNull(entry.get('orgId')),
    submitterKey: str(entry.get('submitterKey')),
    status: oneOf(SUBMISSION_STATUSES, entry.get('status')) ?? 'pending',
    reason: oneOf<RejectReason>(REJECT_REASONS, entry.get('reason')),
    createdAt: num(entry.get('createdAt')),
    decidedAt: typeof decidedAt === 'number' ? decidedAt : null,
    resultId: strOrNull(entry.get('resultId'))
  };
}

/** Every submission, oldest first. */
export function readSubmissions(doc: Y.Doc): Submission[] {
  return [...submissionsMap(doc)]
    .map(([id, e]) => readSubmission(id, e))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function readLog(doc: Y.Doc): ModerationLogEntry[] {
  return logArray(doc)
    .toArray()
    .flatMap((e: unknown) => {
      if (typeof e !== 'object' || e === null) return [];
      const o = e as Record<string, unknown>;
      const action = oneOf(MODERATION_ACTIONS, o.action);
      if (!action) return [];
      return [{ at: num(o.at), action, by: str(o.by), submissionId: strOrNull(o.submissionId), cardId: strOrNull(o.cardId), reason: oneOf<RejectReason>(REJECT_REASONS, o.reason) }];
    });
}

export function countQueue(submissions: readonly Submission[]): QueueCounts {
  const counts: QueueCounts = { pending: 0, approved: 0, rejected: 0 };
  for (const s of submissions) counts[s.status] += 1;
  return counts;
}
