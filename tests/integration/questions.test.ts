/**
 * Q&A over raw socket.io clients (src/lib/board/questions.ts Q1–Q4): upvotes one per device,
 * apart from the dot-vote budget, toggled back; the answered mark for the moderator only;
 * checked in the server's document and in the public one the audience receives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard, upvoteCount, voterKey } from '../../src/lib/board/index.js';
import { mintDevice } from '../../support/device.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { engagementSession, provider, serverState, socket, ts, writeCards } from '../helpers/engagement-session.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';

engagementSession();

describe('question upvotes (Q1–Q3)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let question: string;
  let second: string;
  let pitfall: string;

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    const writer = await provider(ev, 'moderator');
    const s = readBoard(writer.doc);
    const key = participantKey(ev.boardId, writer.deviceId);
    [question, second] = ['Kdy bude hotovo?', 'Kolik to stojí?'].map((text) =>
      addCard(writer.doc, { kind: 'question', text, orgId: null, author: '', authorKey: key, topicId: s.topics[0].id }, LOCAL)
    );
    [pitfall] = await writeCards(ev, writer, ['Úskalí, ne otázka']);
    await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => b.full.doc.getMap('cards').has(second)), 'questions on the server');
  });

  it('Q2: one upvote per device: the same device upvoting again takes it back; a second device counts', async () => {
    const device = await mintDevice(ts.url);
    const first = await socket(ev, 'audience', device);
    expect(await call(first, 'question:upvote', { cardId: question })).toEqual({ ok: true, data: { upvoted: true } });
    // The same device on another socket is the same voter: its "upvote" is the toggle back.
    const again = await socket(ev, 'audience', device);
    expect(await call(again, 'question:upvote', { cardId: question })).toEqual({ ok: true, data: { upvoted: false } });
    expect(upvoteCount(await serverState(ev), question)).toBe(0);
    expect(await call(first, 'question:upvote', { cardId: question })).toEqual({ ok: true, data: { upvoted: true } });
    const other = await socket(ev, 'audience', await mintDevice(ts.url));
    expect(await call(other, 'question:upvote', { cardId: question })).toEqual({ ok: true, data: { upvoted: true } });
    const state = await serverState(ev);
    expect(upvoteCount(state, question)).toBe(2);
    expect(state.upvotes.get(question)?.has(voterKey(ev.boardId, device))).toBe(true);
  });

  it('Q2: ten upvotes fired at once by one device on two sockets leave at most one', async () => {
    const device = await mintDevice(ts.url);
    const [a, b] = [await socket(ev, 'audience', device), await socket(ev, 'audience', device)];
    await Promise.all(Array.from({ length: 5 }, () => [call(a, 'question:upvote', { cardId: second }), call(b, 'question:upvote', { cardId: second })]).flat());
    expect(upvoteCount(await serverState(ev), second)).toBeLessThanOrEqual(1);
  });

  it('Q2: upvotes cost no dot of the vote budget, and a panelist may upvote too', async () => {
    expect(await call(mod, 'board:settings', { voteBudget: 1 })).toEqual({ ok: true });
    const device = await mintDevice(ts.url);
    const voter = await socket(ev, 'audience', device);
    expect(await call(voter, 'vote:toggle', { cardId: pitfall })).toEqual({ ok: true, data: { voted: true } });
    expect(await call(voter, 'question:upvote', { cardId: question })).toMatchObject({ ok: true });
    expect(await call(voter, 'question:upvote', { cardId: second })).toMatchObject({ ok: true });
    expect(await call(await socket(ev, 'panelist'), 'question:upvote', { cardId: second })).toMatchObject({ ok: true, data: { upvoted: true } });
    expect(await call(mod, 'board:settings', { voteBudget: 5 })).toEqual({ ok: true });
  });

  it('Q1: an upvote for a card that is no question, hidden or unknown gets a clear error; the projector may not upvote', async () => {
    const voter = await socket(ev, 'audience');
    const notQuestion = await call(voter, 'question:upvote', { cardId: pitfall });
    expect(notQuestion).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(!notQuestion.ok && notQuestion.message).toMatch(/Only questions/);
    expect(await call(voter, 'question:upvote', { cardId: 'no-such-card' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'card:hide', { cardId: second, hidden: true })).toEqual({ ok: true });
    const hidden = await call(voter, 'question:upvote', { cardId: second });
    expect(hidden).toMatchObject({ ok: false, reason: 'not-found' });
    expect(!hidden.ok && hidden.message).toMatch(/hidden/);
    expect(await call(mod, 'card:hide', { cardId: second, hidden: false })).toEqual({ ok: true });
    expect(await call(await socket(ev, 'projector'), 'question:upvote', { cardId: question })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(voter, 'question:upvote', { questionId: question })).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('upvotes are rate-limited like dot votes (one bucket)', async () => {
    // One device on two sockets, 15 toggles each at once: under each socket's own action budget
    // (20 a second), over the device's vote quota (a burst of 20), however slow the machine is.
    const device = await mintDevice(ts.url);
    const sockets = [await socket(ev, 'audience', device), await socket(ev, 'audience', device)];
    const acks = (await Promise.all(sockets.flatMap((s) => Array.from({ length: 15 }, () => call(s, 'question:upvote', { cardId: question }))))) as Array<{
      ok: boolean;
      reason?: string;
      message?: string;
    }>;
    // The vote quota's refusal (not the socket's own action budget: "Too many actions").
    expect(acks.some((a) => !a.ok && a.reason === 'rate-limited' && /Too many votes/.test(a.message ?? ''))).toBe(true);
  });

  it('the public document carries the upvotes of visible questions only', async () => {
    const audience = await provider(ev, 'audience');
    await waitFor(() => upvoteCount(readBoard(audience.doc), question) >= 2, 'upvotes in the public doc');
    const before = upvoteCount(readBoard(audience.doc), second);
    expect(before).toBeGreaterThan(0);
    expect(await call(mod, 'card:hide', { cardId: second, hidden: true })).toEqual({ ok: true });
    await waitFor(() => upvoteCount(readBoard(audience.doc), second) === 0, 'a hidden question’s upvotes leave the public doc');
    expect(await call(mod, 'card:hide', { cardId: second, hidden: false })).toEqual({ ok: true });
    await waitFor(() => upvoteCount(readBoard(audience.doc), second) === before, 'and come back with it');
  });
});

describe('answered mark (Q4)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let question: string;
  let pitfall: string;

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    const writer = await provider(ev, 'moderator');
    const s = readBoard(writer.doc);
    question = addCard(
      writer.doc,
      { kind: 'question', text: 'Odpovíte?', orgId: null, author: '', authorKey: participantKey(ev.boardId, writer.deviceId), topicId: s.topics[0].id },
      LOCAL
    );
    [pitfall] = await writeCards(ev, writer, ['Úskalí']);
  });

  it('the audience and panelists may not mark a question answered', async () => {
    for (const role of ['audience', 'panelist', 'projector'] as const)
      expect(await call(await socket(ev, role), 'question:answered', { cardId: question, answered: true })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect((await serverState(ev)).cards.find((c) => c.id === question)?.answeredAt).toBeUndefined();
  });

  it('the moderator marks it answered and takes the mark back; the audience sees both', async () => {
    const audience = await provider(ev, 'audience');
    const answeredAt = () => readBoard(audience.doc).cards.find((c) => c.id === question)?.answeredAt;
    expect(await call(mod, 'question:answered', { cardId: question, answered: true })).toEqual({ ok: true });
    await waitFor(() => typeof answeredAt() === 'number', 'answered in the public doc');
    const first = answeredAt();
    expect(await call(mod, 'question:answered', { cardId: question, answered: true })).toEqual({ ok: true });
    expect((await serverState(ev)).cards.find((c) => c.id === question)?.answeredAt).toBe(first);
    expect(await call(mod, 'question:answered', { cardId: question, answered: false })).toEqual({ ok: true });
    await waitFor(() => answeredAt() === undefined, 'unmarked in the public doc');
  });

  it('only a question is marked answered', async () => {
    expect(await call(mod, 'question:answered', { cardId: pitfall, answered: true })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(mod, 'question:answered', { cardId: 'no-such-card', answered: true })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'question:answered', { cardId: question })).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });
});
