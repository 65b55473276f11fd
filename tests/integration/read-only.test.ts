import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { cardsMap, entryFrom, metaMap } from '../../src/lib/board/layout.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import type { Role } from '../../src/lib/roles/index.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, openRaw, type ProviderClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

/** An update that a replica of `doc` would produce by setting a card entry. */
function forgedCard(doc: Y.Doc, id: string, text: string): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  replica.on('update', (u: Uint8Array) => updates.push(u));
  replica.transact(() => cardsMap(replica).set(id, entryFrom({ id, kind: 'question', text, hidden: false })));
  return Y.mergeUpdates(updates);
}

describe('read-only roles over Yjs (docs/protocol.md §1.3)', () => {
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

  for (const role of ['audience', 'projector'] as Role[]) {
    it(`a ${role} update is dropped: the server and other clients never get it`, async () => {
      const reader = await openProvider(ts.wsUrl, ev.boardId, ev.tokens[role]);
      const other = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
      const moderator = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
      clients.push(reader, other, moderator);
      reader.doc.transact(() => {
        cardsMap(reader.doc).set(`forged-${role}`, entryFrom({ id: `forged-${role}`, kind: 'question', text: `Forged by ${role}` }));
        metaMap(reader.doc).set('title', `Renamed by ${role}`);
      });
      // A later accepted change is the barrier: once it arrives, the forged one would have too.
      const state = readBoard(moderator.doc);
      const barrier = addCard(
        moderator.doc,
        { kind: 'weakness', text: `Barrier after ${role}`, orgId: null, author: '', authorKey: participantKey(ev.boardId, moderator.deviceId), topicId: state.topics[0].id },
        LOCAL
      );
      await waitFor(() => readBoard(other.doc).cards.some((c) => c.id === barrier), 'the barrier card to reach the other audience client');
      for (const doc of [other.doc, moderator.doc]) {
        expect(readBoard(doc).cards.some((c) => c.id === `forged-${role}`)).toBe(false);
        expect(readBoard(doc).meta.title).toBe('Test panel');
      }
      const server = await ts.server.registry.withBoard(ev.boardId, (b) => ({ full: readBoard(b.full.doc), pub: readBoard(b.public.doc) }));
      for (const s of [server.full, server.pub]) {
        expect(s.cards.some((c) => c.id === `forged-${role}`)).toBe(false);
        expect(s.meta.title).toBe('Test panel');
      }
    });

    it(`a ${role} connection that keeps sending updates is closed with ${CloseCode.Forbidden}`, async () => {
      const raw = openRaw(ts.wsUrl, ev.boardId, ev.tokens[role]);
      await waitFor(() => raw.synced(), 'raw client to sync');
      for (let i = 0; i < 30; i++) raw.sendUpdate(forgedCard(raw.doc, `spam-${role}-${i}`, `spam ${i}`));
      const { code } = await raw.closed;
      expect(code).toBe(CloseCode.Forbidden);
      const cards = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards);
      expect(cards.some((c) => c.id.startsWith(`spam-${role}`))).toBe(false);
    });
  }

  it('a read-only client’s sync step 2 reply passes, but every update it sends is a strike, no-ops included (issue 13, 15d)', async () => {
    const raw = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => raw.synced(), 'raw client to sync');
    const moderator = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    clients.push(moderator);
    const text = 'Accepted after the reply';
    addCard(moderator.doc, { kind: 'weakness', text, orgId: null, author: '', authorKey: participantKey(ev.boardId, moderator.deviceId), topicId: null }, LOCAL);
    await waitFor(() => readBoard(raw.doc).cards.some((c) => c.text === text), 'the card to reach the raw client (its step 2 reply cost no strike)');
    // Updates that change nothing: on main they passed free, however many.
    for (let i = 0; i < 15; i++) raw.sendUpdate(Y.encodeStateAsUpdate(raw.doc, Y.encodeStateVector(raw.doc)));
    expect((await raw.closed).code).toBe(CloseCode.Forbidden);
  });

  it('a malformed frame closes the connection with Malformed', async () => {
    const raw = openRaw(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    await waitFor(() => raw.synced(), 'raw client to sync');
    raw.send(new Uint8Array([0, 9, 200]));
    expect((await raw.closed).code).toBe(CloseCode.Malformed);
    const raw2 = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => raw2.synced(), 'second raw client to sync');
    raw2.send(new Uint8Array([42]));
    expect((await raw2.closed).code).toBe(CloseCode.Malformed);
  });
});
