import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

describe('socket.io actions (docs/protocol.md §3)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let moderator: ProviderClient;
  let mod: TestSocket;
  const sockets: TestSocket[] = [];
  let cardId = '';

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    moderator = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    const state = readBoard(moderator.doc);
    cardId = addCard(
      moderator.doc,
      { kind: 'question', text: 'Vote on me', orgId: null, author: '', authorKey: participantKey(ev.boardId, moderator.deviceId), topicId: state.topics[0].id },
      LOCAL
    );
    await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => b.full.doc.getMap('cards').has(cardId)), 'card on the server');
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    sockets.push(mod);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    moderator.destroy();
  });

  it('vote:toggle is applied and toggles; the count reaches a Yjs client; audience may vote', async () => {
    const audience = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    const panelist = await connectAs(ts.url, ev.boardId, ev.tokens.panelist);
    sockets.push(audience, panelist);
    expect(await call(audience, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: true } });
    expect(await call(panelist, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: true } });
    await waitFor(() => readBoard(moderator.doc).votes.get(cardId)?.size === 2, 'two votes at the Yjs client');
    expect(await call(audience, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: false } });
    await waitFor(() => readBoard(moderator.doc).votes.get(cardId)?.size === 1, 'one vote after toggling off');
  });

  it('the projector may not vote; unknown and hidden cards are not-found', async () => {
    const projector = await connectAs(ts.url, ev.boardId, ev.tokens.projector);
    const audience = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    sockets.push(projector, audience);
    expect(await call(projector, 'vote:toggle', { cardId })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(audience, 'vote:toggle', { cardId: 'no-such-card' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'card:hide', { cardId, hidden: true })).toEqual({ ok: true });
    expect(await call(audience, 'vote:toggle', { cardId })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'card:hide', { cardId, hidden: false })).toEqual({ ok: true });
  });

  it('moderation actions need the moderate capability', async () => {
    const panelist = await connectAs(ts.url, ev.boardId, ev.tokens.panelist);
    sockets.push(panelist);
    expect(await call(panelist, 'card:hide', { cardId, hidden: true })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(panelist, 'board:lock', { locked: true })).toMatchObject({ ok: false, reason: 'forbidden' });
    const topic = await call<{ topicId: string }>(mod, 'topic:add', { title: 'New column' });
    expect(topic.ok).toBe(true);
    expect(await call(mod, 'board:projector', { mode: 'top', limit: 5 })).toEqual({ ok: true });
    expect(await call(mod, 'board:timer', { op: 'set', label: 'Round 1', durationMs: 60_000 })).toEqual({ ok: true });
    expect(await call(mod, 'card:spotlight', { cardId })).toEqual({ ok: true });
    await waitFor(() => readBoard(moderator.doc).meta.spotlight === cardId, 'spotlight at the Yjs client');
    expect(readBoard(moderator.doc).meta.projector).toEqual({ mode: 'top', limit: 5 });
  });

  it('board:projector-style sets the projector language, theme, text size and density for the moderator only', async () => {
    const panelist = await connectAs(ts.url, ev.boardId, ev.tokens.panelist);
    sockets.push(panelist);
    expect(await call(panelist, 'board:projector-style', { projectorTheme: 'dark' })).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(await call(mod, 'board:projector-style', {})).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(mod, 'board:projector-style', { projectorLang: 'de' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    const style = { projectorLang: 'both', projectorTheme: 'dark', projectorLargeText: true, projectorDensity: 'compact' } as const;
    expect(await call(mod, 'board:projector-style', style)).toEqual({ ok: true });
    await waitFor(() => readBoard(moderator.doc).meta.projectorTheme === 'dark', 'projector style at the Yjs client');
    expect(readBoard(moderator.doc).meta).toMatchObject(style);
  });

  it('malformed payloads, missing acks and unknown events get error acks and never take the server down', async () => {
    const audience = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    sockets.push(audience);
    const bad: unknown[][] = [[{ cardId: 42 }], [{}], ['not an object'], [null], [[1, 2]], [{ cardId, extra: true }], []];
    for (const args of bad) expect(await call(audience, 'vote:toggle', ...args)).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(mod, 'board:timer', { op: 'explode' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await call(mod, 'card:cluster', { cardIds: [cardId], title: 'x' })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    audience.emit('vote:toggle', { cardId });
    audience.emit('vote:toggle', 'garbage');
    audience.emit('no-such-event', { x: 1 });
    expect(await call(audience, 'no-such-event', { x: 1 })).toMatchObject({ ok: false, reason: 'unknown-event' });
    expect(await call(audience, 'constructor', {})).toMatchObject({ ok: false, reason: 'unknown-event' });
    const later = await call<{ voted: boolean }>(audience, 'vote:toggle', { cardId });
    expect(later.ok).toBe(true);
    expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
  });

  it('presence counts per role reach the board room', async () => {
    // A board of its own: audience sockets of the tests above may still be leaving this one's.
    const own = await createTestEvent(ts.url);
    const watcher = await connectAs(ts.url, own.boardId, own.tokens.projector);
    sockets.push(watcher);
    let latest: Record<string, number> | null = null;
    watcher.on('presence', (counts: Record<string, number>) => (latest = counts));
    const extra = await connectAs(ts.url, own.boardId, own.tokens.audience);
    await waitFor(() => latest !== null && latest.audience === 1 && latest.projector === 1, 'presence with audience and projector');
    extra.close();
    await waitFor(() => latest !== null && latest.audience === 0 && latest.projector === 1, 'presence after a leave');
  });
});
