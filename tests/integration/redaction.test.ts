/**
 * card:redact with the SQLite store (docs/redaction.md): the moderator replaces a card's text,
 * and no earlier version remains anywhere the server keeps data: the files under DATA_DIR
 * (SQLite db, WAL, shm), the history checkpoints, the server's documents, and what any new
 * client receives. The copies go too: an open and a closed poll quoting the card, and, with
 * card:redact and comment:redact, the card's author name and a comment's text and nickname
 * (also from the JSON, CSV and Markdown exports and the moderation queue). Each scan is first
 * shown to find the text before the redaction.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '../../src/lib/board/index.js';
import type { BoardContent } from '../../src/lib/board/content.js';
import { checkpointsOf, filesUnder, occurrences, type Source } from '../helpers/byte-scan.js';
import { COPY_NEEDLES, exportsAndQueue, redactCopies, seedCopies, type Copies } from '../helpers/erasure-copies.js';
import { ENV, NEEDLES, newClients, REDACTED, SECRET, seedSecretCard, serverDocs, serverText } from '../helpers/redaction-fixture.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

/** Stored entries of a document holding SECRET, read through a separate read-only connection. */
function storedEntries(dataDir: string, docName: string): { snapshot: number; log: number } {
  const db = new Database(join(dataDir, 'panel-board.db'), { readonly: true });
  try {
    const needle = Buffer.from(SECRET);
    const count = (sql: string) => (db.prepare(sql).get(docName, needle) as { n: number }).n;
    return {
      snapshot: count('SELECT count(*) AS n FROM doc_snapshots WHERE doc = ? AND instr(data, ?) > 0'),
      log: count('SELECT count(*) AS n FROM doc_updates WHERE doc = ? AND instr(data, ?) > 0')
    };
  } finally {
    db.close();
  }
}

describe('card:redact with the SQLite store (docs/redaction.md)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let panelist: ProviderClient;
  let audience: ProviderClient;
  let mod: TestSocket;
  let voter: TestSocket;
  let card: { id: string; other: string; clusterId: string };
  let copies: Copies;
  const ALL = [...NEEDLES, ...COPY_NEEDLES];
  /** The panelist's document before the redaction, as an offline device's IndexedDB would keep it. */
  let offlineState: Uint8Array;

  const everything = async (): Promise<Source[]> => [
    ...(await filesUnder(ts.dataDir)),
    ...(await checkpointsOf(ts.server.checkpoints, ev.boardId)),
    ...(await serverDocs(ts, ev.boardId)),
    ...(await newClients(ts, ev)),
    ...(await exportsAndQueue(ts, ev))
  ];

  beforeAll(async () => {
    ts = await startTestServer({ env: ENV });
    ev = await createTestEvent(ts.url);
    panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    audience = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    voter = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    card = await seedSecretCard(ts, ev, panelist, mod, voter);
    copies = await seedCopies(ts, ev, panelist, mod, voter, card);
  });
  afterAll(async () => {
    for (const s of [mod, voter]) s?.close();
    for (const c of [panelist, audience]) c?.destroy();
    await ts?.dispose();
  });

  it('before the redaction, every scan finds the text: stored in a snapshot and several log entries, in the files, the history, the documents, new clients', async () => {
    // Three edits after the snapshot, and (full and public) the two polls quoting the card.
    for (const doc of [ev.boardId, `${ev.boardId}/public`]) expect(storedEntries(ts.dataDir, doc)).toEqual({ snapshot: 1, log: 5 });
    await waitFor(
      () =>
        readBoard(audience.doc)
          .cards.find((c) => c.id === card.id)
          ?.text.includes(SECRET),
      'the audience to see the card'
    );
    offlineState = Y.encodeStateAsUpdate(panelist.doc);
    const found = occurrences(await everything(), NEEDLES);
    for (const where of ['panel-board.db', 'checkpoint ', 'server full doc', 'server public doc', 'new full client', 'new public client', 'export.json', 'export.csv', 'export.md'])
      expect(
        found.some((f) => f.includes(where)),
        `the scan finds the text in ${where}`
      ).toBe(true);
    // The polls quote the card: without the card's own entry, the public document still holds the text.
    const polls = await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.public.doc).polls);
    expect(polls.map((p) => [p.id, p.open, p.options[0].text.includes(SECRET)])).toEqual(
      expect.arrayContaining([
        [copies.openPoll, true, true],
        [copies.closedPoll, false, true]
      ])
    );
    const copiesFound = occurrences(await everything(), COPY_NEEDLES);
    const seen = (where: string, needle: string): boolean => copiesFound.some((f) => f.includes(where) && f.endsWith(`: ${needle}`));
    for (const needle of COPY_NEEDLES)
      for (const where of ['panel-board.db', 'checkpoint ', 'server full doc', 'server public doc', 'export.json']) expect(seen(where, needle), `${needle} in ${where}`).toBe(true);
    for (const needle of COPY_NEEDLES.slice(1)) expect(seen('server queue doc', needle), `${needle} in the queue`).toBe(true);
  });

  it('the moderator redacts: connected panelist and audience show the new text at once; the card keeps its id, votes and cluster', async () => {
    expect(await call(mod, 'card:redact', { cardId: card.id, text: `  ${REDACTED}  ` })).toEqual({ ok: true });
    for (const client of [panelist, audience]) {
      await waitFor(() => readBoard(client.doc).cards.find((c) => c.id === card.id)?.text === REDACTED, 'connected clients to show the redacted text');
      const state = readBoard(client.doc);
      const shown = state.cards.find((c) => c.id === card.id)!;
      expect(shown.redactedAt).toEqual(expect.any(Number));
      expect(shown.clusterId).toBe(card.clusterId);
      expect(state.votes.get(card.id)?.size).toBe(1);
      // The clients' own documents are garbage-collected too: the old text is gone from their memory.
      expect(occurrences([{ where: 'connected client', bytes: Y.encodeStateAsUpdate(client.doc) }], NEEDLES)).toEqual([]);
    }
  });

  it('the poll options quoting the card, open and closed, show the new text', async () => {
    for (const client of [panelist, audience]) {
      const polls = readBoard(client.doc).polls.filter((p) => [copies.openPoll, copies.closedPoll].includes(p.id));
      expect(polls.map((p) => p.options[0])).toEqual([
        { id: 'o1', text: REDACTED, cardId: card.id },
        { id: 'o1', text: REDACTED, cardId: card.id }
      ]);
    }
  });

  it('the moderator redacts the author name and the comment (text and nickname): each is replaced and marked', async () => {
    await redactCopies(mod, card, copies);
    const state = readBoard(audience.doc);
    await waitFor(() => readBoard(audience.doc).comments.find((c) => c.id === copies.commentId)?.author === '', 'the audience to see the redacted comment');
    expect(readBoard(audience.doc).comments.find((c) => c.id === copies.commentId)).toMatchObject({
      text: 'Kontakt odstraněn moderátorem',
      author: '',
      redactedAt: expect.any(Number)
    });
    expect(state.cards.find((c) => c.id === card.id)?.text).toBe(REDACTED);
    await waitFor(() => readBoard(panelist.doc).cards.find((c) => c.id === card.id)?.author === 'Sociální odbor', 'the panelist to see the new author name');
  });

  it('afterwards the text is nowhere: not in any file under DATA_DIR, any checkpoint, the server documents, the exports, the queue, or what new clients receive', async () => {
    expect(occurrences(await everything(), ALL)).toEqual([]);
    expect((await filesUnder(ts.dataDir)).map((f) => f.where)).toEqual(expect.arrayContaining([join(ts.dataDir, 'panel-board.db')]));
  });

  it('the replay slider keeps working on the rewritten checkpoints, showing the redacted text', async () => {
    const { times } = (await (await fetch(`${ts.url}/api/boards/${ev.boardId}/history?t=${ev.tokens.moderator}`)).json()) as { times: number[] };
    let withCard = 0;
    for (const at of times) {
      const res = await fetch(`${ts.url}/api/boards/${ev.boardId}/history/${at}?t=${ev.tokens.moderator}`);
      expect(res.status).toBe(200);
      const { content } = (await res.json()) as { content: BoardContent };
      const shown = content.cards.find((c) => c.id === card.id);
      if (!shown) continue;
      withCard += 1;
      expect(shown).toMatchObject({ text: REDACTED, redactedAt: expect.any(Number) });
    }
    expect(withCard).toBeGreaterThan(0);
  });

  it('only the moderator may redact (the author and the audience get forbidden); unknown cards and bad text get clear errors', async () => {
    const author = await connectAs(ts.url, ev.boardId, ev.tokens.panelist, panelist.deviceId);
    try {
      expect(await call(author, 'card:redact', { cardId: card.id, text: 'Mine' })).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await call(voter, 'card:redact', { cardId: card.id, text: 'Mine' })).toMatchObject({ ok: false, reason: 'forbidden' });
    } finally {
      author.close();
    }
    expect(await call(mod, 'card:redact', { cardId: 'no-such-card', text: REDACTED })).toMatchObject({ ok: false, reason: 'not-found' });
    const long = await call(mod, 'card:redact', { cardId: card.id, text: 'x'.repeat(501) });
    expect(long).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(!long.ok && long.message).toMatch(/text.*500/);
    expect(await call(mod, 'card:redact', { cardId: card.id, text: '   ' })).toMatchObject({ ok: false, reason: 'invalid-payload', message: 'Card text is empty' });
    expect(await call(mod, 'card:redact', { cardId: card.id })).toMatchObject({ ok: false, reason: 'invalid-payload' });
    expect(await serverText(ts, ev.boardId, card.id)).toBe(REDACTED);
  });

  it('a device that kept the old text offline (IndexedDB) reconnects: it gets the new text, and the server takes nothing old back', async () => {
    expect(occurrences([{ where: 'the offline copy', bytes: offlineState }], [SECRET])).toHaveLength(1);
    const offline = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist, { deviceId: panelist.deviceId, waitSynced: false });
    Y.applyUpdate(offline.doc, offlineState);
    try {
      await waitFor(() => offline.provider.synced && readBoard(offline.doc).cards.find((c) => c.id === card.id)?.text === REDACTED, 'the device to sync');
      await ts.server.registry.flushAll();
      expect(occurrences(await everything(), ALL)).toEqual([]);
    } finally {
      offline.destroy();
    }
  });

  it('a restart does not bring it back', async () => {
    for (const c of [panelist, audience]) c.destroy();
    for (const s of [mod, voter]) s.close();
    await ts.stop();
    ts = await ts.restart();
    expect(occurrences(await everything(), ALL)).toEqual([]);
    const again = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    expect(readBoard(again.doc).cards.find((c) => c.id === card.id)).toMatchObject({ text: REDACTED, clusterId: card.clusterId });
    again.destroy();
  });
});
