/**
 * Audience participation over raw socket.io clients (docs/protocol.md §3.5): dot votes within a
 * budget, settings, reactions aggregated into bursts, polls; checked in the documents Yjs
 * clients receive.
 */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, boardPollResults, LOCAL, participantKey, readBoard, voterKey, type Poll } from '../../src/lib/board/index.js';
import type { ReactionBurst } from '../../src/lib/protocol/events.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { mintDevice } from '../../support/device.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

/** The 96-bit SHA-256 derivation identity.ts uses for its keys. */
const hashKey = (text: string): string => toBase64(digest(new TextEncoder().encode(text)).subarray(0, 12)).replace(/\+/g, '-').replace(/\//g, '_');

let ts: TestServer;
const sockets: TestSocket[] = [];
const providers: ProviderClient[] = [];

serverTest.beforeAll(async ({ server }) => {
  ts = server;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  for (const p of providers) p.destroy();
});

async function socket(ev: TestEvent, role: keyof TestEvent['tokens'], deviceId?: string): Promise<TestSocket> {
  const s = await connectAs(ts.url, ev.boardId, ev.tokens[role], deviceId);
  sockets.push(s);
  return s;
}

async function provider(ev: TestEvent, role: keyof TestEvent['tokens'], deviceId?: string): Promise<ProviderClient> {
  const p = await openProvider(ts.wsUrl, ev.boardId, ev.tokens[role], { deviceId });
  providers.push(p);
  return p;
}

/** Cards written over Yjs by a writer (moderator or panelist), waited for on the server. */
async function writeCards(ev: TestEvent, writer: ProviderClient, texts: string[]): Promise<string[]> {
  const s = readBoard(writer.doc);
  const key = participantKey(ev.boardId, writer.deviceId);
  const ids = texts.map((text, i) => addCard(writer.doc, { kind: 'pitfall', text, orgId: s.orgs[i % s.orgs.length].id, author: '', authorKey: key, topicId: s.topics[0].id }, LOCAL));
  await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => ids.every((id) => b.full.doc.getMap('cards').has(id))), 'cards on the server');
  return ids;
}

const serverState = (ev: TestEvent) => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc));
const held = async (ev: TestEvent, voter: string): Promise<number> =>
  [...(await serverState(ev)).votes.values()].filter((voters) => voters.has(voter)).length;

describe('dot votes (§3.5 V1–V5)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let cards: string[];

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    const writer = await provider(ev, 'moderator');
    cards = await writeCards(ev, writer, Array.from({ length: 24 }, (_, i) => `Karta ${i + 1}`));
  });

  it('V1: the sixth vote is refused with budget-exhausted (default budget 5); taking one back frees a dot', async () => {
    const deviceId = await mintDevice(ts.url);
    const voter = await socket(ev, 'audience', deviceId);
    for (const cardId of cards.slice(0, 5)) expect(await call(voter, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: true } });
    const refused = await call(voter, 'vote:toggle', { cardId: cards[5] });
    expect(refused).toMatchObject({ ok: false, reason: 'budget-exhausted' });
    expect(!refused.ok && refused.message).toMatch(/5/);
    expect(await call(voter, 'vote:toggle', { cardId: cards[0] })).toEqual({ ok: true, data: { voted: false } });
    expect(await call(voter, 'vote:toggle', { cardId: cards[5] })).toEqual({ ok: true, data: { voted: true } });
    expect(await held(ev, voterKey(ev.boardId, deviceId))).toBe(5);
  });

  it('V1: twenty votes fired at once from a raw client: exactly five are accepted', async () => {
    const deviceId = await mintDevice(ts.url);
    const voter = await socket(ev, 'audience', deviceId);
    const acks = await Promise.all(cards.slice(0, 20).map((cardId) => call(voter, 'vote:toggle', { cardId })));
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    expect(acks.filter((a) => !a.ok && a.reason === 'budget-exhausted')).toHaveLength(15);
    expect(await held(ev, voterKey(ev.boardId, deviceId))).toBe(5);
  });

  it('V2: voting on a hidden or unknown card is not-found', async () => {
    const voter = await socket(ev, 'audience');
    expect(await call(mod, 'card:hide', { cardId: cards[23], hidden: true })).toEqual({ ok: true });
    expect(await call(voter, 'vote:toggle', { cardId: cards[23] })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(voter, 'vote:toggle', { cardId: 'no-such-card' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'card:hide', { cardId: cards[23], hidden: false })).toEqual({ ok: true });
  });

  it('V3: the public document files votes under voter keys: never the participant key, never the author key of the voter’s own card', async () => {
    const deviceId = await mintDevice(ts.url);
    const panelistDoc = await provider(ev, 'panelist', deviceId);
    const [own] = await writeCards(ev, panelistDoc, ['Moje vlastní karta']);
    const panelist = await socket(ev, 'panelist', deviceId);
    expect(await call(panelist, 'vote:toggle', { cardId: own })).toEqual({ ok: true, data: { voted: true } });
    expect(await call(panelist, 'vote:toggle', { cardId: cards[10] })).toEqual({ ok: true, data: { voted: true } });
    const audience = await provider(ev, 'audience');
    await waitFor(() => readBoard(audience.doc).votes.get(own)?.size === 1, 'the vote in the public doc');
    const pub = readBoard(audience.doc);
    const authorKey = pub.cards.find((c) => c.id === own)?.authorKey;
    const pk = participantKey(ev.boardId, deviceId);
    expect(authorKey).toBe(pk);
    const keys = [...audience.doc.getMap('votes').keys()];
    expect(keys.length).toBeGreaterThan(0);
    // What an observer can compute from the public authorKey alone: any derivation of it.
    const fromAuthorKey = hashKey(`panel-board:vote:${authorKey}`);
    for (const key of keys) {
      expect(key).not.toContain(pk);
      expect(key.slice(key.indexOf('/') + 1)).not.toBe(authorKey);
      expect(key.slice(key.indexOf('/') + 1)).not.toBe(fromAuthorKey);
    }
    expect(pub.votes.get(own)).toEqual(new Set([voterKey(ev.boardId, deviceId)]));
    expect(pub.votes.get(cards[10])?.has(voterKey(ev.boardId, deviceId))).toBe(true);
  });

  it('V4: votes:reset removes one card’s votes or all of them, for the moderator only', async () => {
    const audience = await socket(ev, 'audience');
    const panelist = await socket(ev, 'panelist');
    expect(await call(audience, 'votes:reset', {})).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(panelist, 'votes:reset', { cardId: cards[0] })).toMatchObject({ ok: false, reason: 'forbidden' });
    const onCard1 = (await serverState(ev)).votes.get(cards[1])?.size ?? 0;
    expect(onCard1).toBeGreaterThan(0);
    expect(await call(mod, 'votes:reset', { cardId: cards[1] })).toEqual({ ok: true, data: { removed: onCard1 } });
    expect(await call(mod, 'votes:reset', { cardId: 'no-such-card' })).toMatchObject({ ok: false, reason: 'not-found' });
    const total = [...(await serverState(ev)).votes.values()].reduce((n, v) => n + v.size, 0);
    expect(total).toBeGreaterThan(0);
    expect(await call(mod, 'votes:reset', {})).toEqual({ ok: true, data: { removed: total } });
    const reader = await provider(ev, 'audience');
    await waitFor(() => readBoard(reader.doc).votes.size === 0, 'no votes left in the public doc');
    expect((await serverState(ev)).votes.size).toBe(0);
  });

  it('V5: with an unlimited budget (null) a participant may vote for every card', async () => {
    expect(await call(mod, 'board:settings', { voteBudget: null })).toEqual({ ok: true });
    const voter = await socket(ev, 'audience');
    const acks = await Promise.all(cards.slice(0, 12).map((cardId) => call(voter, 'vote:toggle', { cardId })));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(await call(mod, 'board:settings', { voteBudget: 5 })).toEqual({ ok: true });
  });
});

describe('board:settings (§3.5 S1)', () => {
  let ev: TestEvent;
  let mod: TestSocket;

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
  });

  it('is refused to the audience and panelists', async () => {
    for (const role of ['audience', 'panelist', 'projector'] as const)
      expect(await call(await socket(ev, role), 'board:settings', { voteBudget: 3 })).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('validates the budget (1–100 or null), the emoji and an empty patch', async () => {
    for (const bad of [{ voteBudget: 0 }, { voteBudget: 101 }, { voteBudget: 2.5 }, { voteBudget: '5' }, { reactions: ['🍕'] }, { reactions: '👍' }, {}, { colour: 'red' }])
      expect(await call(mod, 'board:settings', bad)).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });

  it('reaches the audience’s public document', async () => {
    const audience = await provider(ev, 'audience');
    const settings = { voteBudget: 100, reactions: ['🎉', '💡'], commentsAllowed: true, preModeration: false } as const;
    expect(await call(mod, 'board:settings', settings)).toEqual({ ok: true });
    await waitFor(() => readBoard(audience.doc).meta.voteBudget === 100, 'settings in the public doc');
    expect(readBoard(audience.doc).meta).toMatchObject(settings);
  });
});

describe('reactions (§3.5 R1–R4)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let card: string;

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    [card] = await writeCards(ev, await provider(ev, 'moderator'), ['Reakce na kartu']);
  });

  it('R1: a burst of taps from ten phones reaches another phone as a few bursts with the right counts and nothing identifying', async () => {
    const listener = await socket(ev, 'audience');
    const bursts: unknown[] = [];
    listener.on('reactions', (burst: unknown) => bursts.push(burst));
    const deviceIds = await Promise.all(Array.from({ length: 10 }, () => mintDevice(ts.url)));
    const phones = await Promise.all(deviceIds.map((d) => socket(ev, 'audience', d)));
    const taps = phones.flatMap((p) => [
      call(p, 'reaction:send', { emoji: '👍', target: 'board' }),
      call(p, 'reaction:send', { emoji: '👍', target: 'board' }),
      call(p, 'reaction:send', { emoji: '❤️', target: 'board' })
    ]);
    expect((await Promise.all(taps)).every((a) => a.ok)).toBe(true);
    const sum = (emoji: string) => (bursts as ReactionBurst[]).reduce((n, b) => n + ((b.counts as Record<string, number>)[emoji] ?? 0), 0);
    await waitFor(() => sum('👍') === 20 && sum('❤️') === 10, 'all 30 taps in bursts');
    expect(bursts.length).toBeLessThan(30);
    expect(Math.max(...(bursts as ReactionBurst[]).map((b) => Object.values(b.counts).reduce((n, c) => n + (c ?? 0), 0)))).toBeGreaterThan(1);
    const identifying = [...deviceIds, ...deviceIds.map((d) => participantKey(ev.boardId, d)), ...deviceIds.map((d) => voterKey(ev.boardId, d)), ...phones.map((p) => p.id ?? '')];
    for (const burst of bursts) {
      expect(Object.keys(burst as object).sort()).toEqual(['counts', 'target']);
      expect((burst as ReactionBurst).target).toBe('board');
      expect(Object.keys((burst as ReactionBurst).counts).every((e) => e === '👍' || e === '❤️')).toBe(true);
      const text = JSON.stringify(burst);
      for (const id of identifying) expect(text).not.toContain(id);
    }
  });

  it('R2: an emoji the board does not offer is disabled; one outside the choices is invalid', async () => {
    const phone = await socket(ev, 'audience');
    expect(await call(phone, 'reaction:send', { emoji: '🎉', target: 'board' })).toMatchObject({ ok: false, reason: 'disabled' });
    expect(await call(phone, 'reaction:send', { emoji: '🍕', target: 'board' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(await socket(ev, 'projector'), 'reaction:send', { emoji: '👍', target: 'board' })).toMatchObject({ ok: false, reason: 'forbidden' });
  });

  it('R3: the spotlight target is the spotlighted card; with none it is invalid-payload', async () => {
    const phone = await socket(ev, 'audience');
    const none = await call(phone, 'reaction:send', { emoji: '👍', target: 'spotlight' });
    expect(none).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(!none.ok && none.message).toMatch(/spotlight/);
    expect(await call(mod, 'card:spotlight', { cardId: card })).toEqual({ ok: true });
    const listener = await socket(ev, 'audience');
    const bursts: ReactionBurst[] = [];
    listener.on('reactions', (b: ReactionBurst) => bursts.push(b));
    expect(await call(phone, 'reaction:send', { emoji: '👏', target: 'spotlight' })).toEqual({ ok: true });
    await waitFor(() => bursts.some((b) => b.target === card && b.counts['👏'] === 1), 'a burst for the spotlighted card');
  });

  it('R4: a phone tapping past its quota is rate-limited with retryAfterMs', async () => {
    const phone = await socket(ev, 'audience');
    const acks = await Promise.all(Array.from({ length: 16 }, () => call(phone, 'reaction:send', { emoji: '👍', target: 'board' })));
    const limited = acks.filter((a) => !a.ok && a.reason === 'rate-limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(8);
    for (const a of limited) expect(!a.ok && a.retryAfterMs).toBeGreaterThan(0);
  });
});

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
  const options = (c: string[]) => [{ text: 'Bydlení', cardId: c[0] }, { text: 'Jazykové kurzy', cardId: c[1] }, { text: 'Něco jiného', cardId: null }];

  it('P1: only the moderator creates polls; options from cards must name visible cards', async () => {
    const audience = await socket(ev, 'audience');
    expect(await create(audience, { question, multiple: false, options: options(cards) })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await create(mod, { question, multiple: false, options: [{ text: 'x', cardId: cards[2] }, { text: 'y', cardId: null }] })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await create(mod, { question, multiple: false, options: [{ text: 'x', cardId: 'nope' }, { text: 'y', cardId: null }] })).toMatchObject({ ok: false, reason: 'not-found' });
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
    const counts = () => boardPollResults(readBoard(audienceDoc.doc), pollId)?.results.options.map((o) => o.count).join(',');
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
    await waitFor(() => boardPollResults(readBoard(audienceDoc.doc), pollId)?.results.options.map((o) => o.count).join(',') === '1,0,1', 'multiple-choice results');
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
