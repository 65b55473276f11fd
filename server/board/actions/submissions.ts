/**
 * Audience submissions and the moderator's queue (docs/protocol.md §3.3). A submission is filed
 * in the board's moderator-only queue document; while pending or rejected it exists nowhere
 * else. Publishing it (at once, or on approval) creates a card or comment in the full document
 * under an id derived from the submission, so retries and double approvals never duplicate it.
 */
import type * as v from 'valibot';
import type * as Y from 'yjs';
import { addCard, clusterCards } from '../../../src/lib/board/commands.js';
import { addComment, findComment, setCommentHidden } from '../../../src/lib/board/comments.js';
import { isVisibleCardIn, isVisibleCommentEntry } from '../../../src/lib/board/visibility.js';
import { BoardError } from '../../../src/lib/board/errors.js';
import { submitterKey } from '../../../src/lib/board/identity.js';
import { cardsMap, commentsMap, orgsMap, readCard, readMeta, topicsMap } from '../../../src/lib/board/layout.js';
import type { BoardOrigin } from '../../../src/lib/board/origin.js';
import {
  appendLog,
  decide,
  fileSubmission,
  findSubmission,
  moderatorLabel,
  readSubmissions,
  replaceSubmittedText,
  requirePending,
  resultIdFor,
  submissionId,
  submissionKey
} from '../../../src/lib/board/queue.js';
import type { Submission, SubmissionContent } from '../../../src/lib/board/types.js';
import type { SubmissionView } from '../../../src/lib/protocol/events.js';
import { ApproveSubmission, HideComment, MergeSubmission, NoPayload, RejectSubmission, Submit } from '../../../src/lib/protocol/schemas.js';
import { can } from '../../../src/lib/roles/index.js';
import { defineAction, defineAsyncAction, type ActionContext } from './action.js';
import { ActionRefused, type QuotaKind } from './quotas.js';

type SubmitInput = v.InferOutput<typeof Submit>;

/**
 * Whether the card or comment a submission became is out of public view now (V1, V2). Only its
 * author is told (submissionView goes to the submitter alone), so a hidden card does not vanish
 * from her phone without a word, and nobody else learns of it.
 */
function resultHidden(doc: Y.Doc, s: Submission): boolean {
  if (s.resultId === null) return false;
  if (s.content.type === 'card') return cardsMap(doc).has(s.resultId) && !isVisibleCardIn(doc, s.resultId);
  const entry = commentsMap(doc).get(s.resultId);
  return entry !== undefined && !isVisibleCommentEntry(doc, entry);
}

/** What the submitter sees of their own submission (`doc`: the board's full document). */
export function submissionView(queue: Y.Doc, s: Submission, doc: Y.Doc): SubmissionView {
  return {
    id: s.id,
    key: submissionKey(queue, s.id),
    type: s.content.type,
    kind: s.content.type === 'card' ? s.content.kind : null,
    text: s.content.text,
    status: s.status,
    reason: s.reason,
    resultId: s.resultId,
    hidden: resultHidden(doc, s),
    createdAt: s.createdAt
  };
}

/** Tells the author of what became `resultId` (a card or comment) how it stands now, after the moderator hid or restored it. */
export function tellAuthor(ctx: ActionContext, resultId: string): void {
  const queue = ctx.board.queue.doc;
  const source = readSubmissions(queue).find((s) => s.resultId === resultId);
  if (source) ctx.notify.submission(ctx.boardId, source.submitterKey, submissionView(queue, source, ctx.doc));
}

/** Panelists and moderators write the board anyway: their submissions skip the queue, quotas and the comments switch. */
const trusted = (ctx: ActionContext): boolean => can(ctx.role, 'board:write');

const knownOrNull = (map: { has(key: string): boolean }, id: string | null): string | null => (id !== null && map.has(id) ? id : null);

function requireTopic(doc: Y.Doc, topicId: string | null): string | null {
  if (topicId !== null && !topicsMap(doc).has(topicId)) throw new BoardError('not-found', `No topic ${topicId}`);
  return topicId;
}

function checkSubmission(ctx: ActionContext, p: SubmitInput): void {
  const meta = readMeta(ctx.doc);
  if (meta.locked && !can(ctx.role, 'moderate')) throw new BoardError('locked', 'The board is locked');
  if (p.orgId !== null && !orgsMap(ctx.doc).has(p.orgId)) throw new BoardError('not-found', `No organization ${p.orgId}`);
  if (p.type === 'card') requireTopic(ctx.doc, p.topicId);
  else {
    if (!trusted(ctx) && !meta.commentsAllowed) throw new BoardError('disabled', 'Comments are switched off on this board');
    if (!isVisibleCardIn(ctx.doc, p.cardId)) throw new BoardError('not-found', `No card ${p.cardId}`);
  }
}

const contentOf = (p: SubmitInput): SubmissionContent =>
  p.type === 'card' ? { type: 'card', kind: p.kind, text: p.text, topicId: p.topicId } : { type: 'comment', cardId: p.cardId, text: p.text };

interface Publication {
  content: SubmissionContent;
  author: string;
  nameConsent: boolean;
  orgId: string | null;
  /** '' for audience cards: no participant key of theirs reaches the document. */
  authorKey: string;
}

/** Creates the card or comment a submission becomes, unless an earlier attempt already did. */
function publish(doc: Y.Doc, resultId: string, what: Publication, origin: BoardOrigin): void {
  const orgId = knownOrNull(orgsMap(doc), what.orgId);
  const { content } = what;
  if (content.type === 'card') {
    if (cardsMap(doc).has(resultId)) return;
    const topicId = knownOrNull(topicsMap(doc), content.topicId);
    addCard(doc, { id: resultId, kind: content.kind, text: content.text, orgId, author: what.author, nameConsent: what.nameConsent, authorKey: what.authorKey, topicId }, origin);
  } else if (!commentsMap(doc).has(resultId)) {
    addComment(doc, { id: resultId, cardId: content.cardId, text: content.text, author: what.author, nameConsent: what.nameConsent, orgId }, origin);
  }
}

/** The moderator cannot read thousands; a script should not file them. The phone keeps it and retries. */
const QUEUE_FULL_RETRY_MS = 30_000;
const queueFull = (max: number): ActionRefused =>
  new ActionRefused('rate-limited', `The moderator's queue is full (${max} waiting); your submission is kept and sent again later`, QUEUE_FULL_RETRY_MS);

/** A submission costs its author's quota, unless it is a retry of one already filed (idempotency key). */
function submissionQuota(ctx: ActionContext, p: SubmitInput): QuotaKind | null {
  if (trusted(ctx) || findSubmission(ctx.board.queue.doc, submissionId(submitterKey(ctx.participantKey), p.key))) return null;
  return p.type === 'card' ? 'submission' : 'comment';
}

function create(ctx: ActionContext, p: SubmitInput, origin: BoardOrigin): SubmissionView {
  const queue = ctx.board.queue.doc;
  const key = submitterKey(ctx.participantKey);
  const existing = findSubmission(queue, submissionId(key, p.key));
  if (existing) return submissionView(queue, existing, ctx.doc);
  checkSubmission(ctx, p);
  const content = contentOf(p);
  const meta = readMeta(ctx.doc);
  const pending = !trusted(ctx) && meta.preModeration;
  if (pending && meta.queueCounts.pending >= ctx.maxPendingSubmissions) throw queueFull(ctx.maxPendingSubmissions);
  let resultId: string | null = null;
  if (!pending) {
    resultId = resultIdFor(submissionId(key, p.key));
    publish(ctx.doc, resultId, { content, author: p.author, nameConsent: p.nameConsent, orgId: p.orgId, authorKey: trusted(ctx) ? ctx.participantKey : '' }, origin);
  }
  const filed = fileSubmission(
    queue,
    { submitterKey: key, key: p.key, content, author: p.author, nameConsent: p.nameConsent, orgId: p.orgId, status: pending ? 'pending' : 'approved', resultId },
    origin
  );
  const view = submissionView(queue, filed.submission, ctx.doc);
  ctx.notify.submission(ctx.boardId, key, view);
  return view;
}

/** Records the decision (and its log line), then tells the submitter's devices. */
function conclude(ctx: ActionContext, s: Submission, decision: Parameters<typeof decide>[2], origin: BoardOrigin): void {
  const queue = ctx.board.queue.doc;
  const decided = decide(queue, s.id, decision, moderatorLabel(ctx.participantKey), origin);
  ctx.notify.submission(ctx.boardId, s.submitterKey, submissionView(queue, decided, ctx.doc));
}

function approve(ctx: ActionContext, p: v.InferOutput<typeof ApproveSubmission>, origin: BoardOrigin): { resultId: string } {
  const s = requirePending(ctx.board.queue.doc, p.submissionId);
  const edit = p.edit ?? {};
  const edited = edit.text !== undefined || edit.kind !== undefined || edit.topicId !== undefined;
  let content: SubmissionContent;
  if (s.content.type === 'card') {
    const topicId = edit.topicId === undefined ? s.content.topicId : requireTopic(ctx.doc, edit.topicId);
    content = { ...s.content, text: edit.text ?? s.content.text, kind: edit.kind ?? s.content.kind, topicId };
  } else {
    if (edit.kind !== undefined || edit.topicId !== undefined) throw new BoardError('invalid', 'A comment has no kind or topic to edit');
    content = { ...s.content, text: edit.text ?? s.content.text };
  }
  const resultId = resultIdFor(s.id);
  publish(ctx.doc, resultId, { content, author: s.author, nameConsent: s.nameConsent, orgId: s.orgId, authorKey: '' }, origin);
  conclude(ctx, s, { status: 'approved', action: edited ? 'edit-approve' : 'approve', resultId }, origin);
  return { resultId };
}

/** The submission becomes a card beside the target, clustered with it (joining its cluster if it has one). */
function merge(ctx: ActionContext, p: v.InferOutput<typeof MergeSubmission>, origin: BoardOrigin): { resultId: string } {
  const s = requirePending(ctx.board.queue.doc, p.submissionId);
  if (s.content.type !== 'card') throw new BoardError('invalid', 'Only card submissions can be merged into a card');
  const targetEntry = cardsMap(ctx.doc).get(p.cardId);
  if (!targetEntry || !isVisibleCardIn(ctx.doc, p.cardId)) throw new BoardError('not-found', `No card ${p.cardId}`);
  const target = readCard(p.cardId, targetEntry);
  const resultId = resultIdFor(s.id);
  publish(ctx.doc, resultId, { content: { ...s.content, topicId: target.topicId }, author: s.author, nameConsent: s.nameConsent, orgId: s.orgId, authorKey: '' }, origin);
  clusterCards(ctx.doc, [target.id, resultId], '', origin);
  conclude(ctx, s, { status: 'approved', action: 'merge', resultId }, origin);
  return { resultId };
}

function hideComment(ctx: ActionContext, p: v.InferOutput<typeof HideComment>, origin: BoardOrigin): void {
  const before = findComment(ctx.doc, p.commentId);
  const comment = setCommentHidden(ctx.doc, p.commentId, p.hidden, origin);
  if (before?.hidden === p.hidden) return;
  const queue = ctx.board.queue.doc;
  const source = readSubmissions(queue).find((s) => s.resultId === comment.id && s.content.type === 'comment');
  if (source) ctx.notify.submission(ctx.boardId, source.submitterKey, submissionView(queue, source, ctx.doc));
  appendLog(
    queue,
    {
      at: Date.now(),
      action: p.hidden ? 'comment-hide' : 'comment-restore',
      by: moderatorLabel(ctx.participantKey),
      submissionId: source?.id ?? null,
      cardId: comment.cardId,
      reason: null
    },
    origin
  );
}

export const submissionActions = {
  'submission:create': defineAction(Submit, 'submit', create, { quota: submissionQuota }),
  'submission:mine': defineAction(
    NoPayload,
    'submit',
    (ctx): SubmissionView[] => {
      const queue = ctx.board.queue.doc;
      const key = submitterKey(ctx.participantKey);
      return readSubmissions(queue)
        .filter((s) => s.submitterKey === key)
        .map((s) => submissionView(queue, s, ctx.doc));
    },
    { growsDocs: false }
  ),
  'queue:approve': defineAction(ApproveSubmission, 'moderate', approve),
  'queue:merge': defineAction(MergeSubmission, 'moderate', merge),
  'queue:reject': defineAsyncAction(RejectSubmission, 'moderate', async (ctx, p, origin): Promise<undefined> => {
    const s = requirePending(ctx.board.queue.doc, p.submissionId);
    conclude(ctx, s, { status: 'rejected', action: 'reject', reason: p.reason }, origin);
    if (p.reason === 'personal-data') {
      // Personal data is not kept "just in case": the submitted text is erased from the queue
      // and its stored history (docs/redaction.md); the log keeps the decision.
      replaceSubmittedText(ctx.board.queue.doc, [s.id], '', null, origin);
      await ctx.board.queue.compactNow({ scrub: true });
    }
    return undefined;
  }),
  'comment:hide': defineAction(HideComment, 'moderate', (ctx, p, origin) => void hideComment(ctx, p, origin))
};
