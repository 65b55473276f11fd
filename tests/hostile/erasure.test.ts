/**
 * Hostile use of the erasure actions (docs/privacy.md §2, §4; docs/redaction.md): everyone in
 * the hall holds the audience link, a panelist's or the projector's, and may script it.
 *   X1  card:redact, comment:redact and poll:redact are the moderator's: the audience, a panelist
 *       and the projector are refused `forbidden`, and nothing changes;
 *   X2  submission:withdraw takes only the sender's own submissions: another phone, a panelist
 *       and the moderator are refused `forbidden` for someone else's published card and
 *       comment; unknown and malformed ids get clear errors;
 *   X3  redactions spend a quota: a script holding the moderator link gets `rate-limited` (with
 *       retryAfterMs) after thirty at once, and every redaction it got through holds.
 * After each case a well-behaved client still works and the seeded cards are intact.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import type { AckResult } from '../../src/lib/protocol/errors.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { expectBoardHealthy, startBoard, type Board } from './harness.js';

const CARD = 'Zavolejte mi: Lucie Horáková, 605 111 222';
const COMMENT = 'Pište na lucie.horakova@example.cz';

describe('erasure by anyone but the moderator, or the sender, is refused', () => {
  let board: Board;
  let mod: TestSocket;
  let phone: TestSocket;
  const others: Partial<Record<'stranger' | 'panelist' | 'projector', TestSocket>> = {};
  let card: { submissionId: string; cardId: string };
  let comment: { submissionId: string; commentId: string };
  let pollId: string;

  const onServer = () => board.ts.server.registry.withBoard(board.ev.boardId, (b) => readBoard(b.full.doc));
  async function publish(payload: Record<string, unknown>): Promise<{ submissionId: string; resultId: string }> {
    const sent = await call<SubmissionView>(phone, 'submission:create', { key: `x-${Math.random().toString(36).slice(2)}`, author: 'Lucie H.', orgId: null, ...payload });
    if (!sent.ok) throw new Error(`submission refused: ${sent.message}`);
    const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: sent.data.id });
    if (!approved.ok) throw new Error(`approve: ${approved.message}`);
    return { submissionId: sent.data.id, resultId: approved.data.resultId };
  }

  beforeAll(async () => {
    // The per-socket action rate (20/s) would hide the quota X3 is about.
    board = await startBoard({ LIMIT_ACTIONS_PER_SECOND: '1000' });
    const { ts, ev } = board;
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    phone = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    others.stranger = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    others.panelist = await connectAs(ts.url, ev.boardId, ev.tokens.panelist);
    others.projector = await connectAs(ts.url, ev.boardId, ev.tokens.projector);
    expect(await call(mod, 'board:settings', { commentsAllowed: true })).toEqual({ ok: true });
    const c = await publish({ type: 'card', kind: 'question', text: CARD, topicId: null });
    card = { submissionId: c.submissionId, cardId: c.resultId };
    const k = await publish({ type: 'comment', cardId: card.cardId, text: COMMENT });
    comment = { submissionId: k.submissionId, commentId: k.resultId };
    const poll = await call<{ pollId: string }>(mod, 'poll:create', {
      question: 'Co dál?',
      multiple: false,
      options: [
        { text: CARD, cardId: card.cardId },
        { text: 'Nic', cardId: null }
      ]
    });
    if (!poll.ok) throw new Error(poll.message);
    pollId = poll.data.pollId;
  });
  afterEach(async () => expectBoardHealthy(board));
  afterAll(async () => {
    for (const s of [mod, phone, ...Object.values(others)]) s?.close();
    await board?.ts.dispose();
  });

  it('X1 the audience, a panelist and the projector cannot redact a card, a comment or a poll', async () => {
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['card:redact', { cardId: card.cardId, text: 'Přepsáno', author: '' }],
      ['comment:redact', { commentId: comment.commentId, text: 'Přepsáno', author: '' }],
      ['poll:redact', { pollId, question: 'Přepsáno', options: [{ id: 'o1', text: 'Přepsáno' }] }]
    ];
    for (const [who, socket] of Object.entries(others))
      for (const [action, payload] of attempts) expect(await call(socket!, action, payload), `${who} ${action}`).toMatchObject({ ok: false, reason: 'forbidden' });
    const state = await onServer();
    expect(state.cards.find((c) => c.id === card.cardId)).toMatchObject({ text: CARD, author: 'Lucie H.' });
    expect(state.comments.find((c) => c.id === comment.commentId)).toMatchObject({ text: COMMENT, author: 'Lucie H.' });
    expect(state.polls.find((p) => p.id === pollId)).toMatchObject({
      question: 'Co dál?',
      options: [
        { id: 'o1', text: CARD },
        { id: 'o2', text: 'Nic' }
      ]
    });
  });

  it('X2 no one but the sender withdraws a published card or comment; unknown and malformed ids get clear errors', async () => {
    const withdrawers: Record<string, TestSocket> = { 'another phone': others.stranger!, panelist: others.panelist!, moderator: mod };
    for (const [who, socket] of Object.entries(withdrawers))
      for (const { submissionId } of [card, comment])
        expect(await call(socket, 'submission:withdraw', { submissionId }), `${who} withdrawing ${submissionId}`).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(others.projector!, 'submission:withdraw', { submissionId: card.submissionId })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(phone, 'submission:withdraw', { submissionId: 'no-such-submission' })).toMatchObject({ ok: false, reason: 'not-found' });
    for (const bad of [{}, { submissionId: 42 }, { submissionId: 'x'.repeat(10_000) }, null])
      expect(await call(phone, 'submission:withdraw', bad), JSON.stringify(bad).slice(0, 40)).toMatchObject({ ok: false, reason: 'invalid-payload' });
    const state = await onServer();
    expect(state.cards.some((c) => c.id === card.cardId)).toBe(true);
    expect(state.comments.some((c) => c.id === comment.commentId)).toBe(true);
  });

  it('X3 a script holding the moderator link: thirty redactions at once go through, the next is rate-limited, and each one held', async () => {
    const texts = Array.from({ length: 31 }, (_, i) => `Redakce ${i}`);
    // Each one rewrites the history and compacts and scrubs the stores, one after another: the
    // last ack comes long after the first (call() gives up after 10 s).
    const acks = (await Promise.all(texts.map((text) => mod.timeout(120_000).emitWithAck('card:redact', { cardId: card.cardId, text })))) as AckResult<unknown>[];
    const refused = acks.filter((a) => !a.ok);
    expect(acks.filter((a) => a.ok)).toHaveLength(30);
    expect(refused).toEqual([expect.objectContaining({ ok: false, reason: 'rate-limited', retryAfterMs: expect.any(Number) })]);
    const state = await onServer();
    expect(texts).toContain(state.cards.find((c) => c.id === card.cardId)?.text);
    expect(state.polls.find((p) => p.id === pollId)?.options[0].text).toBe(state.cards.find((c) => c.id === card.cardId)?.text);
  }, 150_000);
});
