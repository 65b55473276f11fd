/**
 * Flooding the board through socket.io actions (issue 13, finding 5): the moderator's queue has
 * a cap on pending submissions per board, and actions that grow a document are refused once it
 * reaches LIMIT_MAX_DOC_BYTES, like Yjs updates are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { openProvider } from '../../support/yjs-clients.js';

const question = (key: string, text = `Question ${key}`) => ({ type: 'card', key, kind: 'question', text, author: '', orgId: null, topicId: null });

describe('action-path caps', () => {
  let ts: TestServer | null = null;
  afterEach(async () => {
    await ts?.dispose();
    ts = null;
  });

  it('past LIMIT_MAX_PENDING_SUBMISSIONS the queue takes no more: rate-limited with retryAfterMs (the phone keeps it); a decision frees a place', async () => {
    ts = await startTestServer({ env: { LIMIT_MAX_PENDING_SUBMISSIONS: '12' } });
    const ev = await createTestEvent(ts.url);
    // Five submissions per device a minute: three devices would be 15.
    const phones = await Promise.all([0, 1, 2].map(() => connectAs(ts!.url, ev.boardId, ev.tokens.audience)));
    const results = [];
    for (const [i, phone] of phones.entries()) for (let n = 0; n < 5; n++) results.push(await call(phone, 'submission:create', question(`p${i}-n${n}-key0`)));
    expect(results.filter((r) => r.ok)).toHaveLength(12);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterMs: 30_000 });
    expect((refused[0] as { message: string }).message).toMatch(/queue is full/);
    // The refusal did not spend the phone's quota: once the moderator decides one, it goes through.
    const moderator = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    const first = results[0] as { ok: true; data: { id: string } };
    expect(await call(moderator, 'queue:reject', { submissionId: first.data.id, reason: 'off-topic' })).toMatchObject({ ok: true });
    expect(await call(phones[2], 'submission:create', question('p2-n4-key0'))).toMatchObject({ ok: true, data: { status: 'pending' } });
    for (const s of [...phones, moderator]) s.close();
  });

  it('once the board document reaches LIMIT_MAX_DOC_BYTES, actions that grow it are refused with too-large; reading still works', async () => {
    const cap = 64 * 1024;
    ts = await startTestServer({ env: { LIMIT_MAX_DOC_BYTES: String(cap), LIMIT_ACTIONS_PER_SECOND: '1000' } });
    const ev = await createTestEvent(ts.url);
    const moderator = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    const text = 'x'.repeat(480);
    let refusal: unknown = null;
    let accepted = 0;
    // 400 cards of 480 characters would be ~190 KB: three times the cap.
    for (let i = 0; i < 400 && !refusal; i++) {
      const res = await call(moderator, 'submission:create', question(`flood-${String(i).padStart(4, '0')}`, `${i} ${text}`));
      if (res.ok) accepted += 1;
      else refusal = res;
    }
    expect(refusal).toMatchObject({ ok: false, reason: 'too-large' });
    expect(accepted).toBeLessThan(400);
    const stored = await ts.server.registry.withBoard(ev.boardId, (b) => Math.max(b.full.approxBytes(), b.queue.approxBytes()));
    // One action's worth over the cap at most (the check is made before each action).
    expect(stored).toBeLessThan(cap + 4 * 1024);
    // Reading one's own submissions does not grow anything: still answered.
    expect(await call(moderator, 'submission:mine', {})).toMatchObject({ ok: true });
    const viewer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    expect(readBoard(viewer.doc).cards.length).toBe(accepted);
    viewer.destroy();
    moderator.close();
  });
});
