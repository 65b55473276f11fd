/**
 * Polls over raw socket.io clients (docs/protocol.md §3.5 P1–P5): created by the moderator,
 * single and multiple choice, closed and shown; results and ballots in the public document.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardPollResults, participantKey, readBoard, voterKey, type Poll } from '../../src/lib/board/index.js';
import { mintDevice } from '../../support/device.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import type { ProviderClient } from '../../support/yjs-clients.js';
import { engagementSession, provider, socket, ts, writeCards } from '../helpers/engagement-session.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
engagementSession();

describe('polls (§3.5 P1–P5)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let cards: string[];
  let audienceDoc: ProviderClient;
  const question = 'Která past je nejnaléhavější?';

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    cards = await writeCards(ev, await provider(ev, 'moderator'), ['Bydlení', 'Jazykové kurzy', 'Skrytá karta']);
    expect(await call(mod, 'card:hide', { cardId: cards[2], hidden: true })).toEqual({ ok: true });
    audienceDoc = await provider(ev, 'audience');
  });

  const create = (s: TestSocket, payload: unknown) => call<{ pollId: string }>(s, 'poll:create', payload);
  const options = (c: string[]) => [
    { text: 'Bydlení', cardId: c[0] },
    { text: 'Jazykové kurzy', cardId: c[1] },
    { text: 'Něco jiného', cardId: null }
  ];

  it('P1: only the moderator creates polls; options from cards must name visible cards', async () => {
    const audience = await socket(ev, 'audience');
    expect(await create(audience, { question, multiple: false, options: options(cards) })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(
      await create(mod, {
        question,
        multiple: false,
        options: [
          { text: 'x', cardId: cards[2] },
          { text: 'y', cardId: null }
        ]
      })
    ).toMatchObject({ ok: false, reason: 'not-found' });
    expect(
      await create(mod, {
        question,
        multiple: false,
        options: [
          { text: 'x', cardId: 'nope' },
          { text: 'y', cardId: null }
        ]
      })
    ).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await create(mod, { question, multiple: false, options: [{ text: 'only one', cardId: null }] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await create(mod, { question: '', multiple: false, options: options(cards) })).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('P2, P5: single choice: one option each, a re-vote replaces the choice, wrong options are refused; results reach the public doc', async () => {
    const created = await create(mod, { question, multiple: false, options: options(cards) });
    expect(created.ok).toBe(true);
    const pollId = created.ok ? created.data.pollId : '';
    await waitFor(() => readBoard(audienceDoc.doc).meta.activePoll === pollId, 'the active poll in the public doc');
    const [a, b, c] = [await socket(ev, 'audience'), await socket(ev, 'audience'), await socket(ev, 'panelist')];
    expect(await call(a, 'poll:vote', { pollId, optionIds: ['o1'] })).toEqual({ ok: true });
    expect(await call(b, 'poll:vote', { pollId, optionIds: ['o2'] })).toEqual({ ok: true });
    expect(await call(c, 'poll:vote', { pollId, optionIds: ['o2'] })).toEqual({ ok: true });
    expect(await call(b, 'poll:vote', { pollId, optionIds: ['o1'] })).toEqual({ ok: true });
    expect(await call(a, 'poll:vote', { pollId, optionIds: ['o1', 'o2'] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(a, 'poll:vote', { pollId, optionIds: ['o9'] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(a, 'poll:vote', { pollId, optionIds: [] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(a, 'poll:vote', { pollId: 'nope', optionIds: ['o1'] })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(await socket(ev, 'projector'), 'poll:vote', { pollId, optionIds: ['o1'] })).toMatchObject({ ok: false, reason: 'forbidden' });
    const counts = () =>
      boardPollResults(readBoard(audienceDoc.doc), pollId)
        ?.results.options.map((o) => o.count)
        .join(',');
    await waitFor(() => counts() === '2,1,0', 'results 2,1,0 in the public doc');
    const poll = readBoard(audienceDoc.doc).polls.find((p) => p.id === pollId) as Poll;
    expect(poll).toMatchObject({ question, multiple: false, open: true, options: options(cards).map((o, i) => ({ ...o, id: `o${i + 1}` })) });
    expect(boardPollResults(readBoard(audienceDoc.doc), pollId)?.results.voters).toBe(3);
  });

  it('P2: multiple choice takes distinct options', async () => {
    const created = await create(mod, { question: 'Co funguje?', multiple: true, options: options(cards) });
    const pollId = created.ok ? created.data.pollId : '';
    const voter = await socket(ev, 'audience');
    expect(await call(voter, 'poll:vote', { pollId, optionIds: ['o3', 'o1'] })).toEqual({ ok: true });
    expect(await call(voter, 'poll:vote', { pollId, optionIds: ['o1', 'o1'] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    await waitFor(
      () =>
        boardPollResults(readBoard(audienceDoc.doc), pollId)
          ?.results.options.map((o) => o.count)
          .join(',') === '1,0,1',
      'multiple-choice results'
    );
  });

  it('P3, P4: a closed poll refuses votes and keeps its results; poll:show sets or clears the shown poll', async () => {
    const created = await create(mod, { question: 'Uzavřená anketa', multiple: false, options: options(cards) });
    const pollId = created.ok ? created.data.pollId : '';
    const voter = await socket(ev, 'audience');
    expect(await call(voter, 'poll:vote', { pollId, optionIds: ['o2'] })).toEqual({ ok: true });
    expect(await call(await socket(ev, 'audience'), 'poll:close', { pollId })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(mod, 'poll:close', { pollId })).toEqual({ ok: true });
    expect(await call(voter, 'poll:vote', { pollId, optionIds: ['o1'] })).toMatchObject({ ok: false, reason: 'disabled' });
    await waitFor(() => readBoard(audienceDoc.doc).polls.find((p) => p.id === pollId)?.open === false, 'the closed poll in the public doc');
    const poll = readBoard(audienceDoc.doc).polls.find((p) => p.id === pollId);
    expect(poll?.closedAt).toBeGreaterThan(0);
    expect(boardPollResults(readBoard(audienceDoc.doc), pollId)?.results.options.map((o) => o.count)).toEqual([0, 1, 0]);
    expect(await call(mod, 'poll:show', { pollId: null })).toEqual({ ok: true });
    await waitFor(() => readBoard(audienceDoc.doc).meta.activePoll === null, 'no poll shown');
    expect(await call(mod, 'poll:show', { pollId })).toEqual({ ok: true });
    expect(await call(mod, 'poll:show', { pollId: 'nope' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'poll:close', { pollId: 'nope' })).toMatchObject({ ok: false, reason: 'not-found' });
  });

  it('P2, V3: poll ballots in the public doc are filed under voter keys', async () => {
    const deviceId = await mintDevice(ts.url);
    const created = await create(mod, { question: 'Klíče', multiple: false, options: options(cards) });
    const pollId = created.ok ? created.data.pollId : '';
    expect(await call(await socket(ev, 'audience', deviceId), 'poll:vote', { pollId, optionIds: ['o1'] })).toEqual({ ok: true });
    const pk = participantKey(ev.boardId, deviceId);
    await waitFor(() => readBoard(audienceDoc.doc).pollVotes.get(pollId)?.has(voterKey(ev.boardId, deviceId)), 'the ballot under the voter key');
    const keys = [...(audienceDoc.doc.getMap('pollVotes') as Y.Map<unknown>).keys()];
    for (const key of keys) expect(key).not.toContain(pk);
  });
});
