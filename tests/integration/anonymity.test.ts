/**
 * Nothing an audience member does reveals who they are unless they chose a nickname. One
 * anonymous phone submits a card and a comment (both approved), votes, reacts and votes in a
 * poll; another phone and the projector record everything they receive — every socket.io
 * event and every Yjs frame — and none of it carries the first phone's device id, participant
 * key, submitter key or socket id. Its votes appear only under its voter key, which no one can
 * link to anything else it did; its card has no author key. The audience's Yjs connections get no
 * awareness (no typing indicators, no presence entries) at all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { participantKey, submitterKey, voterKey } from '../../src/lib/board/identity.js';
import { readBoard } from '../../src/lib/board/selectors.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { mintDevice } from '../../support/device.js';
import { openRaw, type RawClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

describe('anonymity of the audience', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  let panelist: TestSocket;
  let anon: TestSocket;
  let observer: TestSocket;
  let anonDoc: RawClient;
  let observerDoc: RawClient;
  let projectorDoc: RawClient;
  const observed: string[] = [];
  let anonDevice = '';

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    panelist = await connectAs(ts.url, ev.boardId, ev.tokens.panelist);
    observer = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    observer.onAny((event: string, ...args: unknown[]) => observed.push(JSON.stringify([event, ...args])));
    anonDevice = await mintDevice(ts.url);
    anon = await connectAs(ts.url, ev.boardId, ev.tokens.audience, anonDevice);
    // The anonymous phone's own document connection, sending awareness like a browser would.
    anonDoc = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience, anonDevice);
    observerDoc = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    projectorDoc = openRaw(ts.wsUrl, ev.boardId, ev.tokens.projector);
    await waitFor(() => anonDoc.synced() && observerDoc.synced() && projectorDoc.synced(), 'the document clients to sync');
  });

  afterAll(async () => {
    for (const s of [mod, panelist, anon, observer]) s.close();
    for (const c of [anonDoc, observerDoc, projectorDoc]) c.close();
  });

  it('what other phones and the projector receive carries nothing that identifies an anonymous participant', async () => {
    expect(await call(mod, 'board:settings', { commentsAllowed: true })).toEqual({ ok: true });
    const target = await call<SubmissionView>(panelist, 'submission:create', {
      type: 'card',
      key: 'anon-target-1',
      kind: 'pitfall',
      text: 'A panelist card',
      topicId: null,
      author: 'Brno',
      orgId: null
    });
    if (!target.ok || !target.data.resultId) throw new Error('panelist card');
    const cardId = target.data.resultId;

    // Everything the anonymous phone can do.
    const card = await call<SubmissionView>(anon, 'submission:create', {
      type: 'card',
      key: 'anon-card-0001',
      kind: 'question',
      text: 'ANON-CARD-text',
      topicId: null,
      author: '',
      orgId: null
    });
    const comment = await call<SubmissionView>(anon, 'submission:create', { type: 'comment', key: 'anon-comment-01', cardId, text: 'ANON-COMMENT-text', author: '', orgId: null });
    if (!card.ok || !comment.ok) throw new Error('submissions refused');
    const approvedCard = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: card.data.id });
    expect(await call(mod, 'queue:approve', { submissionId: comment.data.id })).toMatchObject({ ok: true });
    if (!approvedCard.ok) throw new Error('approve');
    expect(await call(anon, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: true } });
    expect(await call(anon, 'reaction:send', { emoji: '👏', target: 'board' })).toEqual({ ok: true });
    const poll = await call<{ pollId: string }>(mod, 'poll:create', {
      question: 'Which?',
      multiple: false,
      options: [
        { text: 'One', cardId: null },
        { text: 'Two', cardId: null }
      ]
    });
    if (!poll.ok) throw new Error('poll');
    expect(await call(anon, 'poll:vote', { pollId: poll.data.pollId, optionIds: ['o1'] })).toEqual({ ok: true });
    // Awareness from the anonymous phone's document connection (ignored for readers).
    anonDoc.send(new Uint8Array([1, 1, 1, 0, 1, 2, 123, 125]));

    // Wait until the observers have everything, then look at all of it.
    const seen = () => readBoard(observerDoc.doc);
    await waitFor(
      () =>
        seen().cards.some((c) => c.text === 'ANON-CARD-text') &&
        seen().comments.some((c) => c.text === 'ANON-COMMENT-text') &&
        seen().pollVotes.get(poll.data.pollId)?.size === 1 &&
        seen().votes.get(cardId)?.size === 1,
      'the observers to receive it all'
    );
    await waitFor(() => observed.some((e) => e.startsWith('["reactions"')), 'the reaction burst');
    await waitFor(() => readBoard(projectorDoc.doc).comments.length === 1, 'the projector to receive it all');

    const pk = participantKey(ev.boardId, anonDevice);
    const secrets = { deviceId: anonDevice, participantKey: pk, submitterKey: submitterKey(pk), socketId: anon.id ?? 'missing-socket-id' };
    const received = [Buffer.concat([...observerDoc.frames, ...projectorDoc.frames]), Buffer.from(observed.join('\n'))];
    for (const [name, secret] of Object.entries(secrets))
      for (const bytes of received) expect(bytes.includes(Buffer.from(secret)), `${name} reached another connection`).toBe(false);

    // The one pseudonym others see is the voter key, which appears only on votes and ballots.
    const vk = voterKey(ev.boardId, anonDevice);
    const state = seen();
    expect([...(state.votes.get(cardId) ?? [])]).toEqual([vk]);
    expect([...(state.pollVotes.get(poll.data.pollId)?.keys() ?? [])]).toEqual([vk]);
    const anonCard = state.cards.find((c) => c.id === approvedCard.data.resultId);
    expect(anonCard).toMatchObject({ authorKey: '', author: '' });
    expect(state.comments.find((c) => c.text === 'ANON-COMMENT-text')).toMatchObject({ author: '' });
    expect(JSON.stringify(state.cards.map((c) => c.authorKey))).not.toContain(vk);
    // Reaction bursts carry counts only.
    for (const e of observed.filter((x) => x.startsWith('["reactions"'))) expect(Object.keys(JSON.parse(e)[1]).sort()).toEqual(['counts', 'target']);
    // No awareness at all on the audience's document connections (message type 1).
    expect(observerDoc.frames.filter((f) => f[0] === 1)).toEqual([]);
    expect(projectorDoc.frames.filter((f) => f[0] === 1)).toEqual([]);
  });
});
