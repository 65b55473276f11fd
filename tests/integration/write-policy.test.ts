import { afterAll, describe, expect, it } from 'vitest';
import { addCard, editCard, LOCAL, participantKey, readBoard, setHidden } from '../../src/lib/board/index.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

describe('the write policy over real connections (docs/protocol.md §4)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  const clients: ProviderClient[] = [];

  const open = async (role: 'moderator' | 'panelist'): Promise<ProviderClient> => {
    const c = await openProvider(ts.wsUrl, ev.boardId, ev.tokens[role]);
    clients.push(c);
    return c;
  };
  const write = (c: ProviderClient, text: string): string =>
    addCard(c.doc, { kind: 'weakness', text, orgId: null, author: 'X', authorKey: participantKey(ev.boardId, c.deviceId), topicId: readBoard(c.doc).topics[0].id }, LOCAL);
  const serverCards = () => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards);

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
  });
  afterAll(async () => {
    mod.close();
    for (const c of clients) c.destroy();
  });

  it('a panelist cannot edit another panelist’s card or hide a card over Yjs; their own edits pass', async () => {
    const alice = await open('panelist');
    const bob = await open('panelist');
    const observer = await open('moderator');
    const aliceCard = write(alice, 'Alice wrote this');
    await waitFor(() => readBoard(bob.doc).cards.some((c) => c.id === aliceCard), 'bob to see alice’s card');
    editCard(bob.doc, aliceCard, { text: 'Bob overwrote this' }, LOCAL);
    setHidden(bob.doc, aliceCard, true, LOCAL);
    const bobCard = write(bob, 'Bob’s own card');
    editCard(bob.doc, bobCard, { text: 'Bob’s own card, edited' }, LOCAL);
    await waitFor(() => readBoard(observer.doc).cards.find((c) => c.id === bobCard)?.text === 'Bob’s own card, edited', 'bob’s own edit to pass');
    const seen = readBoard(observer.doc).cards.find((c) => c.id === aliceCard);
    expect(seen).toMatchObject({ text: 'Alice wrote this', hidden: false });
    expect((await serverCards()).find((c) => c.id === aliceCard)).toMatchObject({ text: 'Alice wrote this', hidden: false });
  });

  it('the moderator can edit any card over Yjs', async () => {
    const alice = await open('panelist');
    const moderator = await open('moderator');
    const id = write(alice, 'Typo in tihs card');
    await waitFor(() => readBoard(moderator.doc).cards.some((c) => c.id === id), 'moderator to see the card');
    editCard(moderator.doc, id, { text: 'Typo in this card' }, LOCAL);
    await waitFor(() => readBoard(alice.doc).cards.find((c) => c.id === id)?.text === 'Typo in this card', 'alice to see the fix');
    expect((await serverCards()).find((c) => c.id === id)?.text).toBe('Typo in this card');
  });

  it('a locked board refuses panelist writes but not the moderator’s; unlocking allows them again', async () => {
    const panelist = await open('panelist');
    const moderator = await open('moderator');
    expect(await call(mod, 'board:lock', { locked: true })).toEqual({ ok: true });
    await waitFor(() => readBoard(panelist.doc).meta.locked, 'panelist to see the lock');
    const refused = write(panelist, 'Written while locked');
    const modCard = write(moderator, 'Moderator writes while locked');
    await waitFor(async () => (await serverCards()).some((c) => c.id === modCard), 'the moderator card to pass');
    expect((await serverCards()).some((c) => c.id === refused)).toBe(false);
    expect(await call(mod, 'board:lock', { locked: false })).toEqual({ ok: true });
    await waitFor(() => !readBoard(panelist.doc).meta.locked, 'panelist to see the unlock');
    const accepted = write(panelist, 'Written after unlock');
    await waitFor(async () => (await serverCards()).some((c) => c.id === accepted), 'the post-unlock card to pass');
    expect((await serverCards()).some((c) => c.id === refused)).toBe(false);
  });

  it(`a writer whose updates keep being refused is closed with ${CloseCode.Forbidden}`, async () => {
    const moderator = await open('moderator');
    const target = write(moderator, 'Target card');
    const panelist = await open('panelist');
    await waitFor(() => readBoard(panelist.doc).cards.some((c) => c.id === target), 'panelist to see the target');
    for (let i = 0; i < 25; i++) editCard(panelist.doc, target, { text: `hijack ${i}` }, LOCAL);
    await waitFor(() => panelist.closeCodes.includes(CloseCode.Forbidden), 'the Forbidden close');
    expect((await serverCards()).find((c) => c.id === target)?.text).toBe('Target card');
  });
});
