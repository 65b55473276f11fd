/**
 * Dot votes within a budget and the board's audience settings over raw socket.io clients
 * (docs/protocol.md §3.5 V1–V5, S1), checked in the documents Yjs clients receive.
 */
import { toBase64 } from 'lib0/buffer';
import { digest } from 'lib0/hash/sha256';
import { beforeAll, describe, expect, it } from 'vitest';
import { participantKey, readBoard, voterKey } from '../../src/lib/board/index.js';
import { mintDevice } from '../../support/device.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { engagementSession, held, provider, serverState, socket, ts, writeCards } from '../helpers/engagement-session.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
/** The 96-bit SHA-256 derivation identity.ts uses for its keys. */
const hashKey = (text: string): string =>
  toBase64(digest(new TextEncoder().encode(text)).subarray(0, 12))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');

engagementSession();

describe('dot votes (§3.5 V1–V5)', () => {
  let ev: TestEvent;
  let mod: TestSocket;
  let cards: string[];

  beforeAll(async () => {
    ev = await createTestEvent(ts.url);
    mod = await socket(ev, 'moderator');
    const writer = await provider(ev, 'moderator');
    cards = await writeCards(
      ev,
      writer,
      Array.from({ length: 24 }, (_, i) => `Karta ${i + 1}`)
    );
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
