import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { actionOrigin, BoardError, LOCAL } from '../../../src/lib/board/index.js';
import { metaMap } from '../../../src/lib/board/layout.js';
import {
  appendLog,
  countQueue,
  decide,
  fileSubmission,
  findSubmission,
  moderatorLabel,
  publishQueueCounts,
  readLog,
  readSubmissions,
  resultIdFor,
  submissionId,
  submissionKey,
  type NewSubmission
} from '../../../src/lib/board/queue.js';

const card = (over: Partial<NewSubmission> = {}): NewSubmission => ({
  submitterKey: 'submitter-a',
  key: 'idem-key-0001',
  content: { type: 'card', kind: 'question', text: 'Who pays for interpreters?', topicId: null },
  author: 'Eva',
  orgId: null,
  status: 'pending',
  resultId: null,
  ...over
});

const origins: unknown[] = [];
function queueDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
  return doc;
}

describe('queue document commands', () => {
  it('derives the submission id from the submitter and the idempotency key only', () => {
    expect(submissionId('s1', 'key-00000001')).toBe(submissionId('s1', 'key-00000001'));
    expect(submissionId('s1', 'key-00000001')).not.toBe(submissionId('s2', 'key-00000001'));
    expect(submissionId('s1', 'key-00000001')).not.toBe(submissionId('s1', 'key-00000002'));
    expect(submissionId('s1', 'key-00000001')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(resultIdFor('x')).not.toBe(resultIdFor('y'));
    expect(resultIdFor('x')).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('files a submission once: a retry with the same key returns the stored one and writes nothing', () => {
    const doc = queueDoc();
    const first = fileSubmission(doc, card(), LOCAL, 1000);
    expect(first.created).toBe(true);
    expect(first.submission).toMatchObject({ status: 'pending', author: 'Eva', submitterKey: 'submitter-a', createdAt: 1000, decidedAt: null, resultId: null });
    expect(submissionKey(doc, first.submission.id)).toBe('idem-key-0001');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const retry = fileSubmission(doc, card({ content: { type: 'card', kind: 'pitfall', text: 'changed on retry', topicId: null } }), LOCAL, 2000);
    expect(retry.created).toBe(false);
    expect(retry.submission).toEqual(first.submission);
    expect(updates).toHaveLength(0);
    expect(readSubmissions(doc)).toHaveLength(1);
  });

  it('a retry filed on another replica converges to one entry', () => {
    const a = queueDoc();
    const b = queueDoc();
    fileSubmission(a, card(), LOCAL, 1000);
    fileSubmission(b, card(), LOCAL, 1001);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readSubmissions(a)).toHaveLength(1);
    expect(readSubmissions(a)).toEqual(readSubmissions(b));
  });

  it('records a submission published at once as approved with its result, and refuses one without', () => {
    const doc = queueDoc();
    const { submission } = fileSubmission(doc, card({ status: 'approved', resultId: 'card-1' }), LOCAL, 5);
    expect(submission).toMatchObject({ status: 'approved', resultId: 'card-1', decidedAt: 5 });
    expect(() => fileSubmission(doc, card({ key: 'other-key-01', status: 'approved', resultId: null }), LOCAL)).toThrow(BoardError);
  });

  it('decides a pending submission and logs it in the same transaction, with the given origin', () => {
    const doc = queueDoc();
    const { submission } = fileSubmission(doc, card(), LOCAL);
    const origin = actionOrigin('queue:reject', 'mod-key');
    origins.length = 0;
    const decided = decide(doc, submission.id, { status: 'rejected', action: 'reject', reason: 'off-topic' }, 'moderator 3fa2', origin, 42);
    expect(origins).toEqual([origin]);
    expect(decided).toMatchObject({ status: 'rejected', reason: 'off-topic', decidedAt: 42, resultId: null });
    expect(readLog(doc)).toEqual([{ at: 42, action: 'reject', by: 'moderator 3fa2', submissionId: submission.id, cardId: null, reason: 'off-topic' }]);
  });

  it('only pending submissions can be decided; unknown ones are not-found', () => {
    const doc = queueDoc();
    const { submission } = fileSubmission(doc, card(), LOCAL);
    decide(doc, submission.id, { status: 'approved', action: 'approve', resultId: 'c1' }, 'm', LOCAL);
    const again = (): unknown => decide(doc, submission.id, { status: 'rejected', action: 'reject', reason: 'duplicate' }, 'm', LOCAL);
    expect(again).toThrow(/already approved/);
    expect(again).toThrow(expect.objectContaining({ reason: 'invalid' }));
    expect(() => decide(doc, 'nope', { status: 'approved', action: 'approve', resultId: 'c' }, 'm', LOCAL)).toThrow(expect.objectContaining({ reason: 'not-found' }));
    expect(findSubmission(doc, submission.id)?.status).toBe('approved');
    expect(readLog(doc)).toHaveLength(1);
  });

  it('appends log lines in order and counts the queue', () => {
    const doc = queueDoc();
    appendLog(doc, { at: 1, action: 'comment-hide', by: 'moderator 0001', submissionId: null, cardId: 'c', reason: null }, LOCAL);
    appendLog(doc, { at: 2, action: 'comment-hide', by: 'moderator 0001', submissionId: null, cardId: 'd', reason: null }, LOCAL);
    expect(readLog(doc).map((e) => e.cardId)).toEqual(['c', 'd']);
    const a = fileSubmission(doc, card({ key: 'key-a-000001' }), LOCAL).submission;
    fileSubmission(doc, card({ key: 'key-b-000001' }), LOCAL);
    fileSubmission(doc, card({ key: 'key-c-000001', status: 'approved', resultId: 'x' }), LOCAL);
    decide(doc, a.id, { status: 'rejected', action: 'reject', reason: 'inappropriate' }, 'm', LOCAL);
    expect(countQueue(readSubmissions(doc))).toEqual({ pending: 1, approved: 1, rejected: 1 });
  });

  it('publishes the counts into a board meta only when they change', () => {
    const full = new Y.Doc();
    expect(publishQueueCounts(full, { pending: 0, approved: 0, rejected: 0 }, LOCAL)).toBe(false);
    expect(metaMap(full).has('queueCounts')).toBe(false);
    expect(publishQueueCounts(full, { pending: 2, approved: 0, rejected: 1 }, LOCAL)).toBe(true);
    expect(metaMap(full).get('queueCounts')).toEqual({ pending: 2, approved: 0, rejected: 1 });
    expect(publishQueueCounts(full, { pending: 2, approved: 0, rejected: 1 }, LOCAL)).toBe(false);
  });

  it('labels a moderator by a short tag of the participant key, never the key itself', () => {
    const label = moderatorLabel('AbCdEfGhIjKlMnOp');
    expect(label).toMatch(/^moderator [0-9a-f]{4}$/);
    expect(label).toBe(moderatorLabel('AbCdEfGhIjKlMnOp'));
    expect(label).not.toBe(moderatorLabel('AbCdEfGhIjKlMnOq'));
    expect(label).not.toContain('AbCd');
  });
});
