import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { createMemoryBus } from '../../server/infra/memory/bus-memory.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, openRaw } from '../../support/yjs-clients.js';

describe('two instances on one store and one bus (docs/protocol.md §5)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await servers[1]?.stop();
    await servers[0]?.dispose();
  });

  it('writes, projections, hides and votes made on either instance reach clients of the other', async () => {
    const bus = createMemoryBus();
    const a = await startTestServer({ bus });
    const b = await startTestServer({ bus, dataDir: a.dataDir });
    servers.push(a, b);
    const ev = await createTestEvent(a.url);
    const moderatorOnA = await openProvider(a.wsUrl, ev.boardId, ev.tokens.moderator);
    const panelistOnB = await openProvider(b.wsUrl, ev.boardId, ev.tokens.panelist);
    const audienceOnB = openRaw(b.wsUrl, ev.boardId, ev.tokens.audience);
    const audienceOnA = openRaw(a.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => audienceOnB.synced() && audienceOnA.synced(), 'audience clients to sync');

    const key = participantKey(ev.boardId, panelistOnB.deviceId);
    const id = addCard(panelistOnB.doc, { kind: 'question', text: 'Asked on instance B', orgId: null, author: 'B', authorKey: key, topicId: null }, LOCAL);
    await waitFor(() => readBoard(moderatorOnA.doc).cards.some((c) => c.id === id), 'the moderator on A to see it');
    await waitFor(() => [audienceOnA, audienceOnB].every((r) => readBoard(r.doc).cards.some((c) => c.id === id)), 'audiences on A and B to see it');

    const voterOnB = await connectAs(b.url, ev.boardId, ev.tokens.audience);
    expect(await call(voterOnB, 'vote:toggle', { cardId: id })).toEqual({ ok: true, data: { voted: true } });
    await waitFor(() => readBoard(moderatorOnA.doc).votes.get(id)?.size === 1, 'the vote on A');

    const modOnA = await connectAs(a.url, ev.boardId, ev.tokens.moderator);
    expect(await call(modOnA, 'card:hide', { cardId: id, hidden: true })).toEqual({ ok: true });
    await waitFor(() => [audienceOnA, audienceOnB].every((r) => !readBoard(r.doc).cards.some((c) => c.id === id)), 'the hide to reach both audiences');
    await waitFor(() => readBoard(panelistOnB.doc).cards.find((c) => c.id === id)?.hidden === true, 'the panelist on B to see it hidden');
    const late = openRaw(b.wsUrl, ev.boardId, ev.tokens.projector);
    await waitFor(() => late.synced(), 'a late projector on B');
    expect(late.frames.some((f) => Buffer.from(f).includes(Buffer.from('Asked on instance B')))).toBe(false);

    for (const s of [voterOnB, modOnA]) s.close();
    for (const r of [audienceOnA, audienceOnB, late]) r.close();
    moderatorOnA.destroy();
    panelistOnB.destroy();
  });
});
