/**
 * The moderator's side of the queue (docs/protocol.md §1.7, §3.3, §3.4): who may decide, what a
 * decision writes, the read-only queue endpoint, and the moderation log export.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cardsMap, entryFrom } from '../../src/lib/board/layout.js';
import { clusterViews, readBoard } from '../../src/lib/board/index.js';
import { readLog, readSubmissions, submissionsMap } from '../../src/lib/board/queue.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { neutralise, parseCsv } from '../../server/outputs/exports/csv.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, openRaw, type ProviderClient, type RawClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

let keySeq = 0;
const newKey = (): string => `mq-${Date.now().toString(36)}-${(keySeq += 1)}`;

describe('the moderation queue', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  let audience: TestSocket;
  let panelist: TestSocket;
  let reader: RawClient;
  const cleanup: Array<() => void> = [];
  const full = () => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc));
  const queueLog = () => ts.server.registry.withBoard(ev.boardId, (b) => readLog(b.queue.doc));
  /** Each from a new audience device, so the per-participant quota never interferes. */
  const submit = async (text: string, over: Record<string, unknown> = {}): Promise<SubmissionView> => {
    const submitter = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    cleanup.push(() => submitter.close());
    const ack = await call<SubmissionView>(submitter, 'submission:create', {
      type: 'card',
      key: newKey(),
      kind: 'proposal',
      text,
      topicId: null,
      author: 'Eva',
      orgId: null,
      ...over
    });
    if (!ack.ok) throw new Error(`submission refused: ${ack.reason} ${ack.message}`);
    return ack.data;
  };
  const panelistCard = async (text: string, orgId: string | null): Promise<string> => {
    const ack = await call<SubmissionView>(panelist, 'submission:create', { type: 'card', key: newKey(), kind: 'weakness', text, topicId: null, author: 'Petr', orgId });
    if (!ack.ok || !ack.data.resultId) throw new Error('panelist card not published');
    return ack.data.resultId;
  };

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    audience = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    panelist = await connectAs(ts.url, ev.boardId, ev.tokens.panelist);
    reader = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => reader.synced(), 'the audience reader to sync');
    cleanup.push(
      () => [mod, audience, panelist].forEach((s) => s.close()),
      () => reader.close()
    );
  });
  afterAll(async () => {
    for (const fn of cleanup) fn();
  });

  it('audience and panelist may not approve, merge or reject; the submission stays pending', async () => {
    const s = await submit('Decide me, not them');
    const target = await panelistCard('A target card', null);
    for (const socket of [audience, panelist]) {
      expect(await call(socket, 'queue:approve', { submissionId: s.id })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await call(socket, 'queue:merge', { submissionId: s.id, cardId: target })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await call(socket, 'queue:reject', { submissionId: s.id, reason: 'off-topic' })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await call(socket, 'comment:hide', { commentId: 'x', hidden: true })).toMatchObject({ ok: false, reason: 'forbidden' });
    }
    const queued = await ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc).find((q) => q.id === s.id));
    expect(queued?.status).toBe('pending');
    expect((await full()).cards.some((c) => c.text === 'Decide me, not them')).toBe(false);
  });

  it('only pending submissions can be decided, with a clear error otherwise', async () => {
    const s = await submit('Decided once');
    expect(await call(mod, 'queue:reject', { submissionId: s.id, reason: 'duplicate' })).toEqual({ ok: true });
    const again = await call(mod, 'queue:approve', { submissionId: s.id });
    expect(again).toMatchObject({ ok: false, reason: 'invalid-payload', message: expect.stringMatching(/already rejected/) });
    expect(await call(mod, 'queue:reject', { submissionId: 'no-such-submission', reason: 'duplicate' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'queue:reject', { submissionId: s.id, reason: 'rude' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('approving with an edit publishes the edited card, keeps the submitted text in the queue, and logs edit-approve', async () => {
    const topic = (await full()).topics[1];
    const s = await submit('Typo in the orginal');
    const ack = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: s.id, edit: { text: 'Typo in the original', kind: 'question', topicId: topic.id } });
    if (!ack.ok) throw new Error(ack.message);
    await waitFor(() => readBoard(reader.doc).cards.some((c) => c.id === ack.data.resultId), 'the edited card on the public document');
    expect(readBoard(reader.doc).cards.find((c) => c.id === ack.data.resultId)).toMatchObject({
      text: 'Typo in the original',
      kind: 'question',
      topicId: topic.id,
      author: 'Eva',
      authorKey: ''
    });
    const entry = (await queueLog()).find((e) => e.submissionId === s.id);
    expect(entry).toMatchObject({ action: 'edit-approve', cardId: ack.data.resultId, reason: null, by: expect.stringMatching(/^moderator [0-9a-f]{4}$/) });
    const stored = await ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc).find((q) => q.id === s.id));
    expect(stored).toMatchObject({ status: 'approved', resultId: ack.data.resultId, content: { text: 'Typo in the orginal' } });
  });

  it('merging clusters the new card with the target (joining its cluster) and keeps every organization', async () => {
    const orgs = (await full()).orgs;
    const first = await panelistCard('Rents are too high (Brno)', orgs[0].id);
    const s1 = await submit('Rents are too high here too', { orgId: orgs[1].id });
    const m1 = await call<{ resultId: string }>(mod, 'queue:merge', { submissionId: s1.id, cardId: first });
    if (!m1.ok) throw new Error(m1.message);
    let board = await full();
    const clusterId = board.cards.find((c) => c.id === first)?.clusterId;
    expect(clusterId).toBeTruthy();
    expect(board.cards.find((c) => c.id === m1.data.resultId)?.clusterId).toBe(clusterId);

    const s2 = await submit('And in Plzeň', { orgId: orgs[2].id });
    const m2 = await call<{ resultId: string }>(mod, 'queue:merge', { submissionId: s2.id, cardId: m1.data.resultId });
    if (!m2.ok) throw new Error(m2.message);
    board = await full();
    expect(board.cards.find((c) => c.id === m2.data.resultId)?.clusterId).toBe(clusterId);
    const view = clusterViews(board).find((v) => v.cluster.id === clusterId);
    expect(view?.cards.map((c) => c.id).sort()).toEqual([first, m1.data.resultId, m2.data.resultId].sort());
    expect(view?.orgIds.sort()).toEqual([orgs[0].id, orgs[1].id, orgs[2].id].sort());
    expect((await queueLog()).filter((e) => e.action === 'merge').map((e) => e.submissionId)).toEqual([s1.id, s2.id]);
    expect(await call(mod, 'queue:merge', { submissionId: (await submit('Into nothing')).id, cardId: 'no-such-card' })).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('an approved comment reaches the public document; hiding it takes it out and logs comment-hide', async () => {
    expect(await call(mod, 'board:settings', { commentsAllowed: true })).toEqual({ ok: true });
    const cardId = await panelistCard('A card with comments', null);
    const c = await call<SubmissionView>(audience, 'submission:create', { type: 'comment', key: newKey(), cardId, text: 'COMMENT-text-9d2f', author: '', orgId: null });
    if (!c.ok) throw new Error(c.message);
    const ack = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: c.data.id });
    if (!ack.ok) throw new Error(ack.message);
    await waitFor(() => readBoard(reader.doc).comments.some((x) => x.id === ack.data.resultId && x.text === 'COMMENT-text-9d2f'), 'the comment on the public document');
    expect(await call(mod, 'comment:hide', { commentId: ack.data.resultId, hidden: true })).toEqual({ ok: true });
    await waitFor(() => !readBoard(reader.doc).comments.some((x) => x.id === ack.data.resultId), 'the hidden comment to leave the public document');
    expect((await full()).comments.find((x) => x.id === ack.data.resultId)?.hidden).toBe(true);
    expect((await queueLog()).at(-1)).toMatchObject({ action: 'comment-hide', submissionId: c.data.id, cardId });
    expect(await call(mod, 'comment:hide', { commentId: ack.data.resultId, hidden: false })).toEqual({ ok: true });
    await waitFor(() => readBoard(reader.doc).comments.some((x) => x.id === ack.data.resultId), 'the restored comment');
    expect((await queueLog()).at(-1)).toMatchObject({ action: 'comment-restore', submissionId: c.data.id, cardId });
    expect(await call(mod, 'card:hide', { cardId, hidden: true })).toEqual({ ok: true });
    await waitFor(() => !readBoard(reader.doc).comments.some((x) => x.id === ack.data.resultId), 'a hidden card’s comment to leave too');
    expect(await call(mod, 'comment:hide', { commentId: 'no-such-comment', hidden: true })).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('resetting votes is logged, with the card when only one card’s votes go', async () => {
    const cardId = await panelistCard('A card to reset', null);
    expect(await call(mod, 'votes:reset', { cardId })).toMatchObject({ ok: true });
    expect((await queueLog()).at(-1)).toMatchObject({ action: 'votes-reset', cardId, submissionId: null, by: expect.stringMatching(/^moderator /) });
    expect(await call(mod, 'votes:reset', {})).toMatchObject({ ok: true });
    expect((await queueLog()).at(-1)).toMatchObject({ action: 'votes-reset', cardId: null });
  });

  it('the public document carries the queue counters', async () => {
    const expected = async () => {
      const all = await ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc));
      return {
        pending: all.filter((s) => s.status === 'pending').length,
        approved: all.filter((s) => s.status === 'approved').length,
        rejected: all.filter((s) => s.status === 'rejected').length
      };
    };
    const s = await submit('Counted');
    let want = await expected();
    expect(want.pending).toBeGreaterThan(0);
    await waitFor(async () => JSON.stringify(readBoard(reader.doc).meta.queueCounts) === JSON.stringify(want), 'the counters after filing');
    expect(await call(mod, 'queue:reject', { submissionId: s.id, reason: 'off-topic' })).toEqual({ ok: true });
    want = await expected();
    await waitFor(async () => JSON.stringify(readBoard(reader.doc).meta.queueCounts) === JSON.stringify(want), 'the counters after rejecting');
  });

  describe('the queue endpoint /yjs/<board>/queue (§1.7)', () => {
    it('refuses panelist, audience and projector with 4403 and a bad token with 4401', async () => {
      for (const role of ['panelist', 'audience', 'projector'] as const) {
        const r = openRaw(ts.wsUrl, `${ev.boardId}/queue`, ev.tokens[role]);
        const closed = await r.closed;
        expect(closed.code).toBe(CloseCode.Forbidden);
        expect(closed.reason).toMatch(/moderator/);
        expect(r.frames).toEqual([]);
      }
      expect((await openRaw(ts.wsUrl, `${ev.boardId}/queue`, 'not-a-token').closed).code).toBe(CloseCode.Unauthorized);
    });

    it('a moderator’s y-websocket provider reads the pending items, and cannot write', async () => {
      const pending = await submit('PENDING-for-the-moderator-only');
      let client: ProviderClient | null = await openProvider(ts.wsUrl, `${ev.boardId}/queue`, ev.tokens.moderator);
      cleanup.push(() => client?.destroy());
      const doc = client.doc;
      expect(readSubmissions(doc).find((s) => s.id === pending.id)).toMatchObject({ status: 'pending', content: { type: 'card', text: 'PENDING-for-the-moderator-only' } });
      submissionsMap(doc).set('forged', entryFrom({ id: 'forged', status: 'approved' }));
      cardsMap(doc).set('forged-card', entryFrom({ id: 'forged-card' }));
      // Barrier: a later server-side change reaches the client, so the forged write had its chance.
      expect(await call(mod, 'queue:reject', { submissionId: pending.id, reason: 'off-topic' })).toEqual({ ok: true });
      await waitFor(() => readSubmissions(doc).find((s) => s.id === pending.id)?.status === 'rejected', 'the decision to reach the moderator');
      const server = await ts.server.registry.withBoard(ev.boardId, (b) => ({ forged: submissionsMap(b.queue.doc).has('forged'), card: cardsMap(b.queue.doc).has('forged-card') }));
      expect(server).toEqual({ forged: false, card: false });
      client.destroy();
      client = null;
    });
  });

  describe('the moderation log export (§3.4)', () => {
    const url = (token: string, format = 'csv') => `${ts.url}/api/boards/${ev.boardId}/moderation-log?format=${format}&t=${token}`;

    it('gives the moderator every decision as CSV (BOM, neutralised formulas) and JSON', async () => {
      const risky = await submit('=HYPERLINK("http://evil.example","click")');
      expect(await call(mod, 'queue:reject', { submissionId: risky.id, reason: 'inappropriate' })).toEqual({ ok: true });
      const res = await fetch(url(ev.tokens.moderator));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString('utf8'));
      expect(rows[0]).toEqual(['time', 'action', 'moderator', 'submission_id', 'card_id', 'reason', 'text']);
      const log = await queueLog();
      expect(rows.slice(1)).toHaveLength(log.length);
      // An id may start with '-', which a spreadsheet would read as a formula: it is neutralised too.
      const line = rows.find((r) => r[3] === neutralise(risky.id));
      expect(line).toEqual([
        expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        'reject',
        expect.stringMatching(/^moderator [0-9a-f]{4}$/),
        neutralise(risky.id),
        '',
        'inappropriate',
        `'=HYPERLINK("http://evil.example","click")`
      ]);
      expect(rows.slice(1).map((r) => r[1])).toEqual(log.map((e) => e.action));

      const json = await fetch(url(ev.tokens.moderator, 'json'));
      expect(json.status).toBe(200);
      const body = (await json.json()) as { entries: Array<Record<string, unknown>> };
      expect(body.entries.find((e) => e.submissionId === risky.id)).toMatchObject({ action: 'reject', reason: 'inappropriate', text: '=HYPERLINK("http://evil.example","click")' });
    });

    it('refuses other roles (403), a bad token (401) and an unknown format (400)', async () => {
      for (const role of ['audience', 'panelist', 'projector'] as const) expect((await fetch(url(ev.tokens[role]))).status).toBe(403);
      expect((await fetch(url('wrong-token'))).status).toBe(401);
      expect((await fetch(url(ev.tokens.moderator, 'xml'))).status).toBe(400);
    });
  });
});
