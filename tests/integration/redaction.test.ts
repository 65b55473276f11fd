/**
 * card:redact (docs/redaction.md): the moderator replaces a card's text, and no earlier version
 * remains anywhere the server keeps data: the files under DATA_DIR (SQLite db, WAL, shm), the
 * Redis keys and AOF files, the history checkpoints, the server's documents, and what any new
 * client receives. Each scan is first shown to find the text before the redaction.
 * The Redis case runs a private redis-server with AOF on and no compression (rdbcompression,
 * RDB preamble off), so a plain byte scan of its files is meaningful.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, editCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import type { BoardContent } from '../../src/lib/board/content.js';
import { createBinaryClient, type BinaryClient } from '../../server/redis/connection.js';
import { checkpointsOf, filesUnder, occurrences, redisValues, type Source } from '../helpers/byte-scan.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { call, connectAs, type TestSocket } from '../helpers/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../helpers/wait.js';
import { openProvider, openRaw, type ProviderClient } from '../helpers/yjs-clients.js';

const SECRET = 'Jana Nováková +420 777 123 456';
/** The whole string, its distinctive ASCII part, and the name alone. */
const NEEDLES = [SECRET, '777 123 456', 'Nováková'];
const REDACTED = 'Paní z odboru sociálních věcí (kontakt odstraněn moderátorem)';
const ENV = { LIMIT_CHECKPOINT_INTERVAL_MS: '20', LIMIT_COMPACT_AFTER_UPDATES: '4' };

const serverText = (ts: TestServer, boardId: string, id: string) =>
  ts.server.registry.withBoard(boardId, (b) => readBoard(b.full.doc).cards.find((c) => c.id === id)?.text);

/**
 * A panelist's card holding SECRET, created and edited so that several stored entries (and,
 * with compaction after 4, a snapshot) hold it; clustered with another card and voted on.
 */
async function seedSecretCard(ts: TestServer, ev: TestEvent, panelist: ProviderClient, mod: TestSocket, voter: TestSocket): Promise<{ id: string; other: string; clusterId: string }> {
  const key = participantKey(ev.boardId, panelist.deviceId);
  const topicId = readBoard(panelist.doc).topics[0].id;
  const add = (text: string) => addCard(panelist.doc, { kind: 'weakness', text, orgId: null, author: 'Petr', authorKey: key, topicId }, LOCAL);
  const id = add(`Kontakt na sociální pracovnici: ${SECRET}`);
  const other = add('Chybí tlumočníci na úřadech');
  for (let i = 1; i <= 7; i++) {
    const text = `Kontakt na sociální pracovnici: ${SECRET} (verze ${i})`;
    editCard(panelist.doc, id, { text }, LOCAL);
    await waitFor(async () => (await serverText(ts, ev.boardId, id)) === text, `edit ${i} to reach the server`);
  }
  const clustered = await call<{ clusterId: string }>(mod, 'card:cluster', { cardIds: [id, other], title: 'Úřady' });
  if (!clustered.ok) throw new Error(clustered.message);
  expect(await call(voter, 'vote:toggle', { cardId: id })).toEqual({ ok: true, data: { voted: true } });
  await waitFor(async () => occurrences(await checkpointsOf(ts.server.events, ev.boardId), [SECRET]).length > 0, 'a checkpoint holding the card');
  return { id, other, clusterId: clustered.data.clusterId };
}

/** The server's four in-memory documents of the board. */
const serverDocs = (ts: TestServer, boardId: string): Promise<Source[]> =>
  ts.server.registry.withBoard(boardId, (b) =>
    Object.entries({ full: b.full.doc, 'full persisted': b.full.persisted, public: b.public.doc, 'public persisted': b.public.persisted }).map(([where, doc]) => ({
      where: `server ${where} doc`,
      bytes: Y.encodeStateAsUpdate(doc)
    }))
  );

/** Everything a new client receives (every frame) and holds, for the full and the public document. */
async function newClients(ts: TestServer, ev: TestEvent): Promise<Source[]> {
  const clients = { full: openRaw(ts.wsUrl, ev.boardId, ev.tokens.moderator), public: openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience) };
  try {
    await waitFor(() => clients.full.synced() && clients.public.synced(), 'new clients to sync');
    return Object.entries(clients).flatMap(([doc, c]) => [
      ...c.frames.map((bytes, i) => ({ where: `new ${doc} client frame ${i}`, bytes })),
      { where: `new ${doc} client state`, bytes: Y.encodeStateAsUpdate(c.doc) }
    ]);
  } finally {
    clients.full.close();
    clients.public.close();
  }
}

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
  /** The panelist's document before the redaction, as an offline device's IndexedDB would keep it. */
  let offlineState: Uint8Array;

  const everything = async (): Promise<Source[]> => [
    ...(await filesUnder(ts.dataDir)),
    ...(await checkpointsOf(ts.server.events, ev.boardId)),
    ...(await serverDocs(ts, ev.boardId)),
    ...(await newClients(ts, ev))
  ];

  beforeAll(async () => {
    ts = await startTestServer({ env: ENV });
    ev = await createTestEvent(ts.url);
    panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    audience = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    voter = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    card = await seedSecretCard(ts, ev, panelist, mod, voter);
  });
  afterAll(async () => {
    for (const s of [mod, voter]) s?.close();
    for (const c of [panelist, audience]) c?.destroy();
    await ts?.dispose();
  });

  it('before the redaction, every scan finds the text: stored in a snapshot and several log entries, in the files, the history, the documents, new clients', async () => {
    await waitFor(() => storedEntries(ts.dataDir, ev.boardId).snapshot === 1, 'a background compaction holding the text');
    expect(storedEntries(ts.dataDir, ev.boardId).log).toBeGreaterThanOrEqual(2);
    await waitFor(() => readBoard(audience.doc).cards.find((c) => c.id === card.id)?.text.includes(SECRET), 'the audience to see the card');
    offlineState = Y.encodeStateAsUpdate(panelist.doc);
    const found = occurrences(await everything(), NEEDLES);
    for (const where of ['panel-board.db', 'checkpoint ', 'server full doc', 'server public doc', 'new full client', 'new public client'])
      expect(found.some((f) => f.includes(where)), `the scan finds the text in ${where}`).toBe(true);
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

  it('afterwards the text is nowhere: not in any file under DATA_DIR, any checkpoint, the server documents, or what new clients receive', async () => {
    expect(occurrences(await everything(), NEEDLES)).toEqual([]);
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
      expect(occurrences(await everything(), NEEDLES)).toEqual([]);
    } finally {
      offline.destroy();
    }
  });

  it('a restart does not bring it back', async () => {
    for (const c of [panelist, audience]) c.destroy();
    for (const s of [mod, voter]) s.close();
    await ts.stop();
    ts = await ts.restart();
    expect(occurrences(await everything(), NEEDLES)).toEqual([]);
    const again = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    expect(readBoard(again.doc).cards.find((c) => c.id === card.id)).toMatchObject({ text: REDACTED, clusterId: card.clusterId });
    again.destroy();
  });
});

describe('card:redact with the Redis store and two instances (docs/redaction.md)', () => {
  let redis: TestRedis;
  let reader: BinaryClient;
  let prefix: string;
  let a: TestServer;
  let b: TestServer;
  let ev: TestEvent;
  let panelistOnA: ProviderClient;
  let moderatorOnB: ProviderClient;
  let audienceOnB: ProviderClient;
  let mod: TestSocket;
  let voter: TestSocket;
  let card: { id: string; other: string; clusterId: string };

  const redisFiles = async (): Promise<Source[]> => (await filesUnder(redis.dir!)).filter((f) => !f.where.endsWith('.manifest'));

  beforeAll(async () => {
    redis = await startPrivateRedis({ args: ['--rdbcompression', 'no', '--aof-use-rdb-preamble', 'no'] });
    reader = createBinaryClient(redis.url);
    await reader.connect();
    prefix = runPrefix('redact');
    const env = { ...ENV, REDIS_URL: redis.url, REDIS_PREFIX: prefix };
    a = await startTestServer({ env: { ...env, INSTANCE_ID: 'redact-a' } });
    b = await startTestServer({ env: { ...env, INSTANCE_ID: 'redact-b' } });
    for (const s of [a, b]) await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
    ev = await createTestEvent(a.url);
    panelistOnA = await openProvider(a.wsUrl, ev.boardId, ev.tokens.panelist);
    moderatorOnB = await openProvider(b.wsUrl, ev.boardId, ev.tokens.moderator);
    audienceOnB = await openProvider(b.wsUrl, ev.boardId, ev.tokens.audience);
    mod = await connectAs(a.url, ev.boardId, ev.tokens.moderator);
    voter = await connectAs(b.url, ev.boardId, ev.tokens.audience);
    card = await seedSecretCard(a, ev, panelistOnA, mod, voter);
    await waitFor(() => readBoard(audienceOnB.doc).cards.find((c) => c.id === card.id)?.text.includes(SECRET), 'the audience on B to see the card');
  });
  afterAll(async () => {
    for (const s of [mod, voter]) s?.close();
    for (const c of [panelistOnA, moderatorOnB, audienceOnB]) c?.destroy();
    await b?.dispose();
    await a?.dispose();
    await reader?.close();
    await redis?.stop();
  });

  it('before the redaction, the scans find the text under the key prefix (log, snapshot, checkpoints) and in the AOF files', async () => {
    const found = occurrences(await redisValues(reader, prefix), NEEDLES);
    for (const key of [`doc:{${ev.boardId}}:log`, `doc:{${ev.boardId}}:snap`, `doc:{${ev.boardId}/public}:log`, `board:${ev.boardId}:checkpoints`])
      expect(found.some((f) => f.includes(`${prefix}${key}`)), `the scan finds the text in ${key}`).toBe(true);
    expect(occurrences(await redisFiles(), NEEDLES).some((f) => f.includes('.aof'))).toBe(true);
  });

  it('redacted on A: the clients on B get the new text; B compacting and resyncing cannot bring the old one back; no key, AOF file, checkpoint or new client holds it', async () => {
    expect(await call(mod, 'card:redact', { cardId: card.id, text: REDACTED })).toEqual({ ok: true });
    for (const client of [moderatorOnB, audienceOnB, panelistOnA])
      await waitFor(() => readBoard(client.doc).cards.find((c) => c.id === card.id)?.text === REDACTED, 'every connected client to show the redacted text');
    await b.server.registry.withBoard(ev.boardId, async (board) => {
      await Promise.all([board.full.resync(), board.public.resync()]);
      await board.full.compactNow();
      await board.public.compactNow();
    });
    expect(occurrences(await redisValues(reader, prefix), NEEDLES)).toEqual([]);
    expect(occurrences([...(await checkpointsOf(b.server.events, ev.boardId)), ...(await serverDocs(a, ev.boardId)), ...(await serverDocs(b, ev.boardId)), ...(await newClients(b, ev))], NEEDLES)).toEqual([]);
    // Redis unlinks the replaced AOF files in the background, shortly after the rewrite.
    await waitFor(async () => occurrences(await redisFiles(), NEEDLES).length === 0, 'the AOF files to hold no trace', 15_000);
    expect(readBoard(moderatorOnB.doc).votes.get(card.id)?.size).toBe(1);
    expect(readBoard(moderatorOnB.doc).cards.find((c) => c.id === card.id)?.clusterId).toBe(card.clusterId);
  });
});
