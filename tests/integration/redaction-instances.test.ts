/**
 * card:redact with several instances (docs/redaction.md). With the Redis store: no key under
 * the prefix, no AOF file, no checkpoint, no document on either instance and nothing a new
 * client of the other instance receives holds the text, nor its copies (an open and a closed
 * poll quoting the card, the card's author name, a comment and its author's nickname, erased by
 * card:redact and comment:redact), also after that instance compacts and
 * resyncs (a private redis-server with AOF on and compression off, so a plain byte scan of its
 * files is meaningful). With a delayed bus: a checkpoint the other instance writes from its
 * stale copy is rewritten once the redaction reaches it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import { createMemoryBus } from '../../server/infra/memory/bus-memory.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { gatedBus } from '../helpers/instances.js';
import { checkpointsOf, filesUnder, occurrences, redisValues, type Source } from '../helpers/byte-scan.js';
import { COPY_NEEDLES, redactCopies, seedCopies, type Copies } from '../helpers/erasure-copies.js';
import { ENV, NEEDLES, newClients, REDACTED, SECRET, seedSecretCard, serverDocs } from '../helpers/redaction-fixture.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

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
  let copies: Copies;
  const ALL = [...NEEDLES, ...COPY_NEEDLES];

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
    copies = await seedCopies(a, ev, panelistOnA, mod, voter, card);
    await waitFor(
      () =>
        readBoard(audienceOnB.doc)
          .cards.find((c) => c.id === card.id)
          ?.text.includes(SECRET),
      'the audience on B to see the card'
    );
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
    const docKeys = [ev.boardId, `${ev.boardId}/public`].flatMap((doc) => [`doc:{${doc}}:log`, `doc:{${doc}}:snap`]);
    for (const key of [...docKeys, `board:${ev.boardId}:checkpoints`])
      expect(
        found.some((f) => f.includes(`${prefix}${key}`)),
        `the scan finds the text in ${key}`
      ).toBe(true);
    expect(occurrences(await redisFiles(), NEEDLES).some((f) => f.includes('.aof'))).toBe(true);
    const copiesFound = occurrences([...(await redisValues(reader, prefix)), ...(await redisFiles())], COPY_NEEDLES);
    for (const needle of COPY_NEEDLES) {
      expect(
        copiesFound.some((f) => f.includes(`${prefix}doc:{${ev.boardId}}`) && f.endsWith(`: ${needle}`)),
        `${needle} in the board's keys`
      ).toBe(true);
      expect(
        copiesFound.some((f) => f.includes('.aof') && f.endsWith(`: ${needle}`)),
        `${needle} in the AOF`
      ).toBe(true);
    }
  });

  it('redacted on A: the clients on B get the new text; B compacting and resyncing cannot bring the old one back; no key, AOF file, checkpoint or new client holds it', async () => {
    expect(await call(mod, 'card:redact', { cardId: card.id, text: REDACTED })).toEqual({ ok: true });
    await redactCopies(mod, card, copies);
    for (const client of [moderatorOnB, audienceOnB, panelistOnA])
      await waitFor(() => readBoard(client.doc).cards.find((c) => c.id === card.id)?.text === REDACTED, 'every connected client to show the redacted text');
    await waitFor(() => readBoard(audienceOnB.doc).polls.every((p) => p.options[0].text === REDACTED), 'the polls on B to show the redacted text');
    // The redaction itself rewrote the AOF (BGREWRITEAOF after the compaction), before anything B does.
    await waitFor(async () => occurrences(await redisFiles(), ALL).length === 0, 'the AOF files rewritten by the redaction', 15_000);
    await b.server.registry.withBoard(ev.boardId, async (board) => {
      await Promise.all([board.full.resync(), board.public.resync()]);
      await board.full.compactNow();
      await board.public.compactNow();
    });
    expect(occurrences(await redisValues(reader, prefix), ALL)).toEqual([]);
    expect(
      occurrences(
        [...(await checkpointsOf(b.server.checkpoints, ev.boardId)), ...(await serverDocs(a, ev.boardId)), ...(await serverDocs(b, ev.boardId)), ...(await newClients(b, ev))],
        ALL
      )
    ).toEqual([]);
    // Redis unlinks the replaced AOF files in the background, shortly after the rewrite.
    await waitFor(async () => occurrences(await redisFiles(), ALL).length === 0, 'the AOF files to hold no trace', 15_000);
    expect(readBoard(moderatorOnB.doc).votes.get(card.id)?.size).toBe(1);
    expect(readBoard(moderatorOnB.doc).cards.find((c) => c.id === card.id)?.clusterId).toBe(card.clusterId);
  });
});

describe('card:redact while another instance has not heard of it yet (docs/redaction.md)', () => {
  const servers: TestServer[] = [];
  const sockets: TestSocket[] = [];
  const clients: ProviderClient[] = [];
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of clients) c.destroy();
    await servers[1]?.stop();
    await servers[0]?.dispose();
  });

  it('a checkpoint the other instance writes from its stale copy is rewritten once the redaction reaches it', async () => {
    const shared = createMemoryBus();
    const toB = gatedBus(shared);
    const a = await startTestServer({ bus: shared, env: ENV });
    const b = await startTestServer({ bus: toB.bus, dataDir: a.dataDir, env: ENV });
    servers.push(a, b);
    const ev = await createTestEvent(a.url);
    const panelist = await openProvider(a.wsUrl, ev.boardId, ev.tokens.panelist);
    const moderatorOnB = await openProvider(b.wsUrl, ev.boardId, ev.tokens.moderator);
    clients.push(panelist, moderatorOnB);
    const [mod, voter, voterOnB] = await Promise.all([
      connectAs(a.url, ev.boardId, ev.tokens.moderator),
      connectAs(a.url, ev.boardId, ev.tokens.audience),
      connectAs(b.url, ev.boardId, ev.tokens.audience)
    ]);
    sockets.push(mod, voter, voterOnB);
    const card = await seedSecretCard(a, ev, panelist, mod, voter);
    await waitFor(
      () =>
        readBoard(moderatorOnB.doc)
          .cards.find((c) => c.id === card.id)
          ?.text.includes(SECRET),
      'B to hold the card'
    );
    const history = async (): Promise<string[]> => occurrences(await checkpointsOf(a.server.checkpoints, ev.boardId), NEEDLES);

    toB.hold();
    expect(await call(mod, 'card:redact', { cardId: card.id, text: REDACTED })).toEqual({ ok: true });
    expect(await history()).toEqual([]);
    // A change on B makes B checkpoint its copy, which still holds the old text.
    expect(await call(voterOnB, 'vote:toggle', { cardId: card.other })).toEqual({ ok: true, data: { voted: true } });
    await waitFor(async () => (await history()).length > 0, 'B to checkpoint its stale copy');

    toB.release();
    await waitFor(() => readBoard(moderatorOnB.doc).cards.find((c) => c.id === card.id)?.text === REDACTED, 'the redaction to reach B');
    await waitFor(async () => (await history()).length === 0, 'B to rewrite the checkpoint it wrote');
    await b.server.registry.withBoard(ev.boardId, (board) => board.full.compactNow());
    expect(occurrences([...(await filesUnder(a.dataDir)), ...(await serverDocs(b, ev.boardId)), ...(await newClients(b, ev))], NEEDLES)).toEqual([]);
  });
});
