/**
 * submission:withdraw (docs/privacy.md): an audience member deletes their own submission from
 * their phone, pending or published. Only the device that sent it may. A published card or
 * comment is erased as a redaction erases: gone from the documents (with its votes and the poll
 * options quoting it), the history checkpoints, every file under DATA_DIR, the exports and what
 * new clients receive; the queue entry is removed, not marked. Each scan is first shown to find
 * the text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import { readLog, readSubmissions } from '../../src/lib/board/queue.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { checkpointsOf, filesUnder, occurrences, type Source } from '../helpers/byte-scan.js';
import { exportsAndQueue } from '../helpers/erasure-copies.js';
import { ENV, newClients, serverDocs } from '../helpers/redaction-fixture.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';

const PENDING = 'Bydlím v ulici Na Pankráci 1683/127, byt 12';
const CARD = 'Moje číslo pojištěnce 7501011234, ať mi někdo zavolá';
const COMMENT = 'Pište na lucie.hrbkova@email.cz';

let seq = 0;
const newKey = (): string => `wd-${Date.now().toString(36)}-${(seq += 1)}`;

describe('withdrawing one’s own submissions', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  let phone: TestSocket;
  let stranger: TestSocket;
  let voter: TestSocket;

  const everything = async (): Promise<Source[]> => {
    await ts.server.registry.flushAll();
    return [
      ...(await filesUnder(ts.dataDir)),
      ...(await checkpointsOf(ts.server.checkpoints, ev.boardId)),
      ...(await serverDocs(ts, ev.boardId)),
      ...(await newClients(ts, ev)),
      ...(await exportsAndQueue(ts, ev))
    ];
  };
  const submit = async (payload: Record<string, unknown>): Promise<SubmissionView> => {
    const ack = await call<SubmissionView>(phone, 'submission:create', { key: newKey(), author: 'Lucie H.', orgId: null, ...payload });
    if (!ack.ok) throw new Error(`submission refused: ${ack.reason} ${ack.message}`);
    return ack.data;
  };
  const approve = async (submissionId: string): Promise<string> => {
    const ack = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId });
    if (!ack.ok) throw new Error(`approve: ${ack.message}`);
    return ack.data.resultId;
  };
  const queued = () => ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc).map((s) => s.id));
  const checkpointed = (needle: string) => waitFor(async () => occurrences(await checkpointsOf(ts.server.checkpoints, ev.boardId), [needle]).length > 0, 'a checkpoint holding it');

  beforeAll(async () => {
    ts = await startTestServer({ env: ENV });
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    phone = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    stranger = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    voter = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    expect(await call(mod, 'board:settings', { commentsAllowed: true })).toEqual({ ok: true });
  });
  afterAll(async () => {
    for (const s of [mod, phone, stranger, voter]) s?.close();
    await ts?.dispose();
  });

  it('a pending submission: another device is refused; its own device withdraws it, and the queue holds neither the entry nor the text', async () => {
    const s = await submit({ type: 'card', kind: 'question', text: PENDING, topicId: null });
    expect(s.status).toBe('pending');
    expect(occurrences(await everything(), [PENDING]).some((f) => f.includes('panel-board.db'))).toBe(true);
    expect(await call(stranger, 'submission:withdraw', { submissionId: s.id })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(mod, 'submission:withdraw', { submissionId: s.id })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await queued()).toContain(s.id);
    expect(await call(phone, 'submission:withdraw', { submissionId: s.id })).toEqual({ ok: true });
    expect(await queued()).not.toContain(s.id);
    expect(occurrences(await everything(), [PENDING, 'Pankráci'])).toEqual([]);
    const mine = await call<SubmissionView[]>(phone, 'submission:mine', {});
    expect(mine.ok && mine.data.map((v) => v.id)).not.toContain(s.id);
    const log = await ts.server.registry.withBoard(ev.boardId, (b) => readLog(b.queue.doc));
    expect(log.at(-1)).toEqual({ at: expect.any(Number), action: 'withdraw', by: 'author', submissionId: s.id, cardId: null, reason: null });
  });

  it('a published card, voted on and quoted in a poll: withdrawn, it is gone from the board, the poll, the history, the files, the exports and new clients', async () => {
    const s = await submit({ type: 'card', kind: 'weakness', text: CARD, topicId: null });
    const cardId = await approve(s.id);
    expect(await call(voter, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: true } });
    const poll = await call<{ pollId: string }>(mod, 'poll:create', {
      question: 'Co dál?',
      multiple: false,
      options: [
        { text: CARD.slice(0, 100), cardId },
        { text: 'Nic', cardId: null }
      ]
    });
    expect(poll.ok).toBe(true);
    await checkpointed(CARD);
    const before = occurrences(await everything(), [CARD]);
    for (const where of ['panel-board.db', 'checkpoint ', 'server full doc', 'server public doc', 'new public client', 'export.json', 'server queue doc'])
      expect(
        before.some((f) => f.includes(where)),
        `the scan finds the card in ${where}`
      ).toBe(true);

    expect(await call(stranger, 'submission:withdraw', { submissionId: s.id })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(phone, 'submission:withdraw', { submissionId: s.id })).toEqual({ ok: true });
    expect(occurrences(await everything(), [CARD, '7501011234'])).toEqual([]);
    const state = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.public.doc));
    expect(state.cards.map((c) => c.id)).not.toContain(cardId);
    expect(state.votes.get(cardId)).toBeUndefined();
    expect(state.polls[0].options).toEqual([
      { id: 'o1', text: '', cardId },
      { id: 'o2', text: 'Nic', cardId: null }
    ]);
    expect(await queued()).not.toContain(s.id);
  });

  it('a published comment: withdrawn, it is gone everywhere too; withdrawing again says it is not there', async () => {
    const target = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards[0]?.id ?? null);
    const cardId = target ?? (await approve((await submit({ type: 'card', kind: 'proposal', text: 'Tlumočníci na úřadech', topicId: null })).id));
    const s = await submit({ type: 'comment', cardId, text: COMMENT });
    const commentId = await approve(s.id);
    await checkpointed(COMMENT);
    expect(occurrences(await everything(), [COMMENT]).some((f) => f.includes('new public client'))).toBe(true);
    expect(await call(phone, 'submission:withdraw', { submissionId: s.id })).toEqual({ ok: true });
    expect(occurrences(await everything(), [COMMENT, 'hrbkova'])).toEqual([]);
    const comments = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).comments.map((c) => c.id));
    expect(comments).not.toContain(commentId);
    expect(await call(phone, 'submission:withdraw', { submissionId: s.id })).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('a restart brings nothing back', async () => {
    for (const s of [mod, phone, stranger, voter]) s.close();
    await ts.stop();
    ts = await ts.restart();
    expect(occurrences(await everything(), [PENDING, CARD, COMMENT])).toEqual([]);
  });
});
