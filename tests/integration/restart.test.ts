import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';

describe('persistence across restarts (docs/protocol.md §5)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers.slice(0, -1)) await s.stop();
    await servers.at(-1)?.dispose();
  });

  it('a restart on the same DATA_DIR keeps every card, vote, hidden flag and the public projection', async () => {
    const first = await startTestServer({ env: { LIMIT_COMPACT_AFTER_UPDATES: '5' } });
    servers.push(first);
    const ev = await createTestEvent(first.url);
    const panelist = await openProvider(first.wsUrl, ev.boardId, ev.tokens.panelist);
    const key = participantKey(ev.boardId, panelist.deviceId);
    const topicId = readBoard(panelist.doc).topics[1].id;
    const ids = Array.from({ length: 12 }, (_, i) =>
      addCard(panelist.doc, { kind: 'question', text: `Card number ${i}`, orgId: null, author: 'P', authorKey: key, topicId }, LOCAL)
    );
    await waitFor(
      () => first.server.registry.withBoard(ev.boardId, (b) => ids.every((id) => readBoard(b.full.doc).cards.some((c) => c.id === id))),
      'the server to have every card'
    );
    const mod = await connectAs(first.url, ev.boardId, ev.tokens.moderator);
    expect((await call(mod, 'card:hide', { cardId: ids[0], hidden: true })).ok).toBe(true);
    expect((await call(mod, 'vote:toggle', { cardId: ids[1] })).ok).toBe(true);
    mod.close();
    panelist.destroy();
    await first.stop();

    const second = await first.restart();
    servers.push(second);
    const again = await openProvider(second.wsUrl, ev.boardId, ev.tokens.moderator);
    const state = readBoard(again.doc);
    for (const [i, id] of ids.entries()) expect(state.cards.find((c) => c.id === id)?.text).toBe(`Card number ${i}`);
    expect(state.cards.find((c) => c.id === ids[0])?.hidden).toBe(true);
    expect(state.votes.get(ids[1])?.size).toBe(1);
    const audience = await openProvider(second.wsUrl, ev.boardId, ev.tokens.audience);
    const pub = readBoard(audience.doc);
    expect(pub.cards).toHaveLength(11);
    expect(pub.cards.some((c) => c.id === ids[0])).toBe(false);
    const session = await fetch(`${second.url}/api/boards/${ev.boardId}?t=${ev.tokens.moderator}`);
    expect(session.status).toBe(200);
    again.destroy();
    audience.destroy();
  });
});

describe('reconnecting across a restart (docs/protocol.md §4 W6, §5)', () => {
  it('a connected panelist keeps its provider: offline edits made while the server was down arrive after the restart', async () => {
    const first = await startTestServer();
    const ev = await createTestEvent(first.url);
    const port = new URL(first.url).port;
    const panelist = await openProvider(first.wsUrl, ev.boardId, ev.tokens.panelist);
    const key = participantKey(ev.boardId, panelist.deviceId);
    const add = (text: string) => addCard(panelist.doc, { kind: 'proposal', text, orgId: null, author: 'P', authorKey: key, topicId: null }, LOCAL);
    const online = add('Written online');
    await waitFor(() => first.server.registry.withBoard(ev.boardId, (b) => b.full.doc.getMap('cards').has(online)), 'the online card');
    await first.stop();
    const offline = add('Written while the server was down');
    const second = await startTestServer({ dataDir: first.dataDir, env: { PORT: port } });
    try {
      await waitFor(() => second.server.registry.withBoard(ev.boardId, (b) => b.full.doc.getMap('cards').has(offline)), 'the offline card to reach the restarted server', 20_000);
      const cards = await second.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.map((c) => c.text));
      expect(cards).toEqual(expect.arrayContaining(['Written online', 'Written while the server was down']));
    } finally {
      panelist.destroy();
      await second.dispose();
    }
  });
});
