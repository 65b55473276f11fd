import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { once, waitFor } from '../../support/wait.js';
import { openProvider, openRaw } from '../../support/yjs-clients.js';

describe('graceful shutdown (docs/protocol.md §5)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    await servers.at(-1)?.dispose();
  });

  it('close() tells socket.io clients, closes websockets with 1001 and keeps what was just written', async () => {
    const ts = await startTestServer();
    servers.push(ts);
    const ev = await createTestEvent(ts.url);
    const writer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const raw = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => raw.synced(), 'raw client to sync');
    const socket = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    const notice = once<{ reason: string }>((resolve) => socket.on('notice', resolve), 'the shutdown notice');
    const id = addCard(
      writer.doc,
      { kind: 'question', text: 'Written just before shutdown', orgId: null, author: '', authorKey: participantKey(ev.boardId, writer.deviceId), topicId: null },
      LOCAL
    );
    await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.some((c) => c.id === id)), 'the card on the server');
    writer.provider.shouldConnect = false;
    await ts.stop();
    expect((await raw.closed).code).toBe(CloseCode.GoingAway);
    expect((await notice).reason).toBe('shutting-down');
    writer.destroy();
    socket.close();

    const next = await ts.restart();
    servers.push(next);
    const reader = await openProvider(next.wsUrl, ev.boardId, ev.tokens.audience);
    expect(readBoard(reader.doc).cards.some((c) => c.id === id)).toBe(true);
    reader.destroy();
  });
});
