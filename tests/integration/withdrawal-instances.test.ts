/**
 * submission:withdraw with two instances on Redis (docs/privacy.md §4, docs/redaction.md): the
 * withdrawal is made on A while B has not heard of it yet (B's bus deliveries are held back), so
 * B's copy still holds the card. B's checkpoint of that copy is put off (the board's checkpoint
 * floor, server/outputs/history/checkpoint-lock.ts), so no key under the run's prefix holds the
 * text meanwhile. Once the withdrawal reaches B, B writes the checkpoint it put off, and no
 * checkpoint, key, file of the Redis server (its AOF), document of either instance or new client
 * of B holds the text. Each scan is first shown to find it. The Redis server is a private
 * one with AOF on and compression off, so a plain byte scan of its files is meaningful.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { createMemoryBus } from '../../server/infra/memory/bus-memory.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { checkpointsOf, filesUnder, occurrences, redisValues, type Source } from '../helpers/byte-scan.js';
import { gatedBus, startInstancePair, type InstancePair } from '../helpers/instances.js';
import { ENV, newClients, serverDocs } from '../helpers/redaction-fixture.js';
import { startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';

const CARD = 'Volejte mi na 604 112 233, Tereza Dvořáková';
const NEEDLES = [CARD, '604 112 233', 'Dvořáková'];

describe('a withdrawal that another instance has not heard of yet', () => {
  let redis: TestRedis;
  let reader: BinaryClient;
  let pair: InstancePair | undefined;
  let ev: TestEvent;
  const shared = createMemoryBus();
  const toB = gatedBus(shared);
  const sockets: TestSocket[] = [];
  const redisFiles = async (): Promise<Source[]> => (await filesUnder(redis.dir!)).filter((f) => !f.where.endsWith('.manifest'));

  beforeAll(async () => {
    redis = await startPrivateRedis({ args: ['--rdbcompression', 'no', '--aof-use-rdb-preamble', 'no'] });
    reader = createBinaryClient(redis.url);
    await reader.connect();
    pair = await startInstancePair('withdraw', redis.url, ENV, { a: shared, b: toB.bus });
    ev = await createTestEvent(pair.a.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await pair?.dispose();
    await reader?.close();
    await redis?.stop();
  });

  it('B cannot checkpoint its stale copy with the card; once the withdrawal reaches B, it checkpoints, and the keys, the documents and new clients hold nothing', async () => {
    const { a, b, prefix } = pair!;
    const [mod, phone, voterOnB] = await Promise.all([
      connectAs(a.url, ev.boardId, ev.tokens.moderator),
      connectAs(a.url, ev.boardId, ev.tokens.audience),
      connectAs(b.url, ev.boardId, ev.tokens.audience)
    ]);
    sockets.push(mod, phone, voterOnB);
    const publish = async (text: string, key: string): Promise<{ submissionId: string; cardId: string }> => {
      const sent = await call<SubmissionView>(phone, 'submission:create', { key, author: 'Tereza D.', orgId: null, type: 'card', kind: 'weakness', text, topicId: null });
      if (!sent.ok) throw new Error(`submission refused: ${sent.message}`);
      const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: sent.data.id });
      if (!approved.ok) throw new Error(`approve: ${approved.message}`);
      return { submissionId: sent.data.id, cardId: approved.data.resultId };
    };
    const secret = await publish(CARD, `wdi-${Date.now().toString(36)}-1`);
    const other = await publish('Chybí tlumočníci na úřadech', `wdi-${Date.now().toString(36)}-2`);
    expect(
      occurrences(await redisFiles(), NEEDLES).some((f) => f.includes('.aof')),
      'the AOF holds the card first'
    ).toBe(true);
    const history = async (): Promise<string[]> => occurrences(await checkpointsOf(b.server.checkpoints, ev.boardId), NEEDLES);
    const onB = (): Promise<string[]> => b.server.registry.withBoard(ev.boardId, (board) => readBoard(board.full.doc).cards.map((c) => c.id));
    await waitFor(async () => (await onB()).includes(secret.cardId) && (await onB()).includes(other.cardId), 'B to hold both cards');
    await waitFor(async () => (await history()).length > 0, 'a checkpoint holding the card');

    toB.hold();
    expect(await call(phone, 'submission:withdraw', { submissionId: secret.submissionId })).toEqual({ ok: true });
    expect(await history()).toEqual([]);
    // A change on B makes B try to checkpoint its copy, which still holds the card: the board's
    // floor (the withdrawal's position) puts it off, so it never lands.
    expect(await call(voterOnB, 'vote:toggle', { cardId: other.cardId })).toEqual({ ok: true, data: { voted: true } });
    await new Promise((resolve) => setTimeout(resolve, 500)); // 25 checkpoint intervals
    expect(await history()).toEqual([]);
    expect(occurrences(await redisValues(reader, prefix), NEEDLES)).toEqual([]);

    // Only B has a change to checkpoint (A hears of B's vote over the bus, which it never checkpoints).
    const last = async (): Promise<number> => (await b.server.checkpoints.listCheckpoints(ev.boardId)).at(-1) ?? 0;
    const releasedAt = Date.now();
    toB.release();
    await waitFor(async () => !(await onB()).includes(secret.cardId), 'the withdrawal to reach B');
    await waitFor(async () => (await last()) > releasedAt, 'the checkpoint put off to be written');
    expect(await history()).toEqual([]);
    await waitFor(async () => occurrences(await redisFiles(), NEEDLES).length === 0, 'the AOF files to hold no trace', 15_000);
    await b.server.registry.withBoard(ev.boardId, (board) => board.full.compactNow());
    const everything: Source[] = [...(await redisValues(reader, prefix)), ...(await serverDocs(a, ev.boardId)), ...(await serverDocs(b, ev.boardId)), ...(await newClients(b, ev))];
    expect(occurrences(everything, NEEDLES)).toEqual([]);
  });
});
