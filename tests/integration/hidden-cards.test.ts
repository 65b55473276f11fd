import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import type { Role } from '../../src/lib/roles/index.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { containsText, openProvider, openRaw, type ProviderClient, type RawClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

const READERS: Role[] = ['audience', 'projector'];

/** Nothing the reader ever received, nor its document state, contains the text. */
function expectNeverReceived(reader: RawClient, text: string): void {
  for (const frame of reader.frames) expect(containsText(frame, text)).toBe(false);
  expect(containsText(Y.encodeStateAsUpdate(reader.doc), text)).toBe(false);
}

describe('hidden cards never reach audience or projector (docs/protocol.md §1.4)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let moderator: ProviderClient;
  let mod: TestSocket;
  const raws: RawClient[] = [];

  const newCard = (text: string): string => {
    const state = readBoard(moderator.doc);
    return addCard(
      moderator.doc,
      { kind: 'pitfall', text, orgId: null, author: 'M', authorKey: participantKey(ev.boardId, moderator.deviceId), topicId: state.topics[0].id },
      LOCAL
    );
  };
  const openReaders = async (): Promise<RawClient[]> => {
    const readers = READERS.map((role) => openRaw(ts.wsUrl, ev.boardId, ev.tokens[role]));
    raws.push(...readers);
    await waitFor(() => readers.every((r) => r.synced()), 'readers to sync');
    return readers;
  };

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    moderator = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
  });
  afterAll(async () => {
    for (const r of raws) r.close();
    mod.close();
    moderator.destroy();
  });

  it('a card hidden before readers connect is absent from everything they receive', async () => {
    const secret = 'SECRET-hidden-before-join-7f3a';
    const id = newCard(secret);
    await waitFor(async () => (await call(mod, 'card:hide', { cardId: id, hidden: true })).ok, 'hide to succeed');
    const readers = await openReaders();
    const visible = newCard('Visible card after hiding');
    await waitFor(() => readers.every((r) => readBoard(r.doc).cards.some((c) => c.id === visible)), 'readers to receive the visible card');
    for (const r of readers) {
      expect(readBoard(r.doc).cards.some((c) => c.id === id)).toBe(false);
      expectNeverReceived(r, secret);
    }
  });

  it('a card hidden after it was shown is removed from readers, and a fresh joiner never receives its text', async () => {
    const secret = 'SECRET-shown-then-hidden-91bc';
    const id = newCard(secret);
    const early = await openReaders();
    await waitFor(() => early.every((r) => readBoard(r.doc).cards.some((c) => c.id === id)), 'early readers to see the card');
    const voter = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    expect(await call(voter, 'vote:toggle', { cardId: id })).toEqual({ ok: true, data: { voted: true } });
    await waitFor(() => early.every((r) => readBoard(r.doc).votes.get(id)?.size === 1), 'the vote to reach readers');

    expect((await call(mod, 'card:hide', { cardId: id, hidden: true })).ok).toBe(true);
    await waitFor(() => early.every((r) => !readBoard(r.doc).cards.some((c) => c.id === id)), 'early readers to lose the card');
    for (const r of early) {
      expect(readBoard(r.doc).votes.has(id)).toBe(false);
      expect(containsText(Y.encodeStateAsUpdate(r.doc), secret)).toBe(false);
    }
    const fresh = await openReaders();
    for (const r of fresh) {
      expect(readBoard(r.doc).cards.some((c) => c.id === id)).toBe(false);
      expectNeverReceived(r, secret);
    }
    // The full document still has it, for the moderator.
    await waitFor(() => readBoard(moderator.doc).cards.find((c) => c.id === id)?.hidden === true, 'moderator to see it hidden');
    expect(await call(mod, 'card:hide', { cardId: id, hidden: false })).toEqual({ ok: true });
    await waitFor(() => fresh.every((r) => readBoard(r.doc).cards.find((c) => c.id === id)?.text === secret), 'restored card to reappear');
    expect(readBoard(fresh[0].doc).votes.get(id)?.size).toBe(1);
    voter.close();
  });
});
