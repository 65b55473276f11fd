import { afterAll, describe, expect, it } from 'vitest';
import { addCard, editCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

describe('y-websocket sync (docs/protocol.md §1)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  const clients: ProviderClient[] = [];

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
  });

  it('two real WebsocketProviders sync a card written with the board commands, both ways', async () => {
    const moderator = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    const panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    clients.push(moderator, panelist);
    const state = readBoard(panelist.doc);
    expect(state.meta.title).toBe('Test panel');
    const key = participantKey(ev.boardId, panelist.deviceId);
    const id = addCard(
      panelist.doc,
      { kind: 'proposal', text: 'Shared desk for newcomers', orgId: state.orgs[0].id, author: 'Eva', authorKey: key, topicId: state.topics[0].id },
      LOCAL
    );
    const seen = await waitFor(() => readBoard(moderator.doc).cards.find((c) => c.id === id), 'moderator to see the card');
    expect(seen).toMatchObject({ text: 'Shared desk for newcomers', author: 'Eva', authorKey: key, hidden: false });

    editCard(moderator.doc, id, { text: 'Shared desk for all newcomers' }, LOCAL);
    await waitFor(() => readBoard(panelist.doc).cards.find((c) => c.id === id)?.text === 'Shared desk for all newcomers', 'panelist to see the edit');
    const onServer = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.find((c) => c.id === id));
    expect(onServer?.text).toBe('Shared desk for all newcomers');
  });

  it('a late joiner receives the current state, and writers see each other’s awareness', async () => {
    const first = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    clients.push(first);
    first.provider.awareness.setLocalStateField('user', { name: 'First' });
    const late = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    clients.push(late);
    expect(readBoard(late.doc).cards.some((c) => c.text === 'Shared desk for all newcomers')).toBe(true);
    await waitFor(() => [...late.provider.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'First'), 'awareness of the first writer');
  });
});
