/**
 * The checkpoint lock across instances (docs/redaction.md, "Several instances";
 * server/outputs/history/checkpoint-lock.ts). Two instances on one Redis (a private one, AOF on,
 * compression off, so a plain byte scan of its files is meaningful), a board of 150 cards with
 * two holding personal data, and a history of 40 checkpoints holding both.
 *
 * Neither instance hears the other over the bus (both buses held back: a slow link), so neither
 * repairs the other's rewrite afterwards. The moderator on A redacts one card while the moderator
 * on B redacts the other, at the same moment, and a panelist on each keeps editing the board, so that
 * each instance keeps trying to checkpoint its copy, which still holds the text the other erased.
 *   C1  once both redactions are acknowledged: no key under the run's prefix holds either text
 *       (no lost update between the two rewrites; no checkpoint of a copy older than an erasure
 *       lands), nor, once Redis has rewritten it, any AOF file;
 *   C2  once the buses deliver again, the checkpoints put off meanwhile are written, without
 *       either text.
 * Each scan is first shown to find the texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, editCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { createMemoryBus } from '../../server/infra/memory/bus-memory.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { checkpointsOf, filesUnder, occurrences, redisValues, type Source } from '../helpers/byte-scan.js';
import { gatedBus, startInstancePair, type InstancePair } from '../helpers/instances.js';
import { startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

const ON_A = 'Jana Nováková +420 777 123 456';
const ON_B = 'Karel Vomáčka, karel.vomacka@seznam.cz';
const NEEDLES = [ON_A, '777 123 456', ON_B, 'karel.vomacka'];
const CARDS = 150;
const CHECKPOINTS = 40;
/** Checkpoints 20 ms after a change. */
const ENV = { LIMIT_CHECKPOINT_INTERVAL_MS: '20' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('two redactions on two instances at once, while both checkpoint their older copies', () => {
  let redis: TestRedis;
  let reader: BinaryClient;
  let pair: InstancePair | undefined;
  let ev: TestEvent;
  const shared = createMemoryBus();
  const toA = gatedBus(shared);
  const toB = gatedBus(shared);
  const sockets: TestSocket[] = [];
  let panelist: ProviderClient | undefined;
  let panelistOnB: ProviderClient | undefined;
  let cards: { onA: string; onB: string; plain: string[] };
  const redisFiles = async (): Promise<Source[]> => (await filesUnder(redis.dir!)).filter((f) => !f.where.endsWith('.manifest'));
  const history = async (): Promise<Source[]> => checkpointsOf(pair!.a.server.checkpoints, ev.boardId);

  beforeAll(async () => {
    redis = await startPrivateRedis({ args: ['--rdbcompression', 'no', '--aof-use-rdb-preamble', 'no'] });
    reader = createBinaryClient(redis.url);
    await reader.connect();
    pair = await startInstancePair('cplock', redis.url, ENV, { a: toA.bus, b: toB.bus });
    ev = await createTestEvent(pair.a.url);
    panelist = await openProvider(pair.a.wsUrl, ev.boardId, ev.tokens.panelist);
    const key = participantKey(ev.boardId, panelist.deviceId);
    const topicId = readBoard(panelist.doc).topics[0].id;
    const add = (text: string): string => addCard(panelist!.doc, { kind: 'weakness', text, orgId: null, author: 'Petr', authorKey: key, topicId }, LOCAL);
    const onA = add(`Kontakt: ${ON_A}`);
    const onB = add(`Pište: ${ON_B}`);
    const plain: string[] = [];
    for (let i = 0; i < CARDS - 2; i++) {
      plain.push(add(`Karta ${i}: úřední dopisy jsou jen v češtině a tlumočníci chybí na odborech magistrátu`));
      if (i % 50 === 49) await sleep(20);
    }
    cards = { onA, onB, plain };
    const cardsOnB = (): Promise<number> => pair!.b.server.registry.withBoard(ev.boardId, (bd) => readBoard(bd.full.doc).cards.length);
    await waitFor(async () => (await cardsOnB()) >= CARDS, 'B to hold every card', 30_000);
    // A history: each edit is a change, checkpointed 20 ms later.
    for (let i = 0; (await pair.a.server.checkpoints.listCheckpoints(ev.boardId)).length < CHECKPOINTS; i++) {
      editCard(panelist.doc, plain[0], { text: `Karta 0, verze ${i}` }, LOCAL);
      await sleep(40);
    }
  }, 120_000);
  afterAll(async () => {
    toA.release();
    toB.release();
    for (const s of sockets) s.close();
    panelist?.destroy();
    panelistOnB?.destroy();
    await pair?.dispose();
    await reader?.close();
    await redis?.stop();
  });

  it('C1 both redactions hold in every checkpoint and no checkpoint of an older copy lands: no key or AOF file holds either text', async () => {
    const { a, b, prefix } = pair!;
    const found = occurrences([...(await history()), ...(await redisValues(reader, prefix)), ...(await redisFiles())], NEEDLES);
    for (const needle of NEEDLES) {
      expect(
        found.some((f) => f.startsWith('checkpoint') && f.endsWith(`: ${needle}`)),
        `${needle} in the checkpoints first`
      ).toBe(true);
      expect(
        found.some((f) => f.includes(`${prefix}board:${ev.boardId}:checkpoints`) && f.endsWith(`: ${needle}`)),
        `${needle} in the checkpoints' key first`
      ).toBe(true);
      expect(
        found.some((f) => f.includes('.aof') && f.endsWith(`: ${needle}`)),
        `${needle} in the AOF first`
      ).toBe(true);
    }
    const [modA, modB] = await Promise.all([connectAs(a.url, ev.boardId, ev.tokens.moderator), connectAs(b.url, ev.boardId, ev.tokens.moderator)]);
    sockets.push(modA, modB);
    panelistOnB = await openProvider(b.wsUrl, ev.boardId, ev.tokens.panelist, { deviceId: panelist!.deviceId });

    toA.hold();
    toB.hold();
    // A panelist on each instance keeps editing, so each recorder keeps trying to checkpoint its copy.
    let editing = true;
    const keepEditing = async (client: ProviderClient, cardId: string): Promise<void> => {
      for (let i = 0; editing; i++) {
        editCard(client.doc, cardId, { text: `Upraveno ${i}` }, LOCAL);
        await sleep(30);
      }
    };
    const edits = [keepEditing(panelist!, cards.plain[1]), keepEditing(panelistOnB!, cards.plain[2])];
    const redact = (mod: TestSocket, cardId: string) => mod.timeout(120_000).emitWithAck('card:redact', { cardId, text: 'Kontakt odstraněn moderátorem' });
    const acks = await Promise.all([redact(modA, cards.onA), redact(modB, cards.onB)]);
    expect(acks).toEqual([{ ok: true }, { ok: true }]);
    // The recorders keep trying for a while after the rewrites.
    await sleep(1_000);
    editing = false;
    await Promise.all(edits);
    await sleep(200);

    expect(occurrences(await history(), NEEDLES)).toEqual([]);
    expect(occurrences(await redisValues(reader, prefix), NEEDLES)).toEqual([]);
    // Redis unlinks the replaced AOF files in the background, shortly after the last rewrite.
    await waitFor(async () => occurrences(await redisFiles(), NEEDLES).length === 0, 'the AOF files to hold no trace', 15_000);
    // Neither instance has heard of the other's redaction: each one's copy still holds it.
    const text = (s: typeof a, id: string) => s.server.registry.withBoard(ev.boardId, (bd) => readBoard(bd.full.doc).cards.find((c) => c.id === id)?.text);
    expect(await text(a, cards.onB)).toContain(ON_B);
    expect(await text(b, cards.onA)).toContain(ON_A);
  }, 180_000);

  it('C2 once the buses deliver again, the checkpoints put off are written, without either text', async () => {
    const { a, b, prefix } = pair!;
    const before = (await pair!.a.server.checkpoints.listCheckpoints(ev.boardId)).at(-1) ?? 0;
    toA.release();
    toB.release();
    const text = (s: typeof a, id: string) => s.server.registry.withBoard(ev.boardId, (bd) => readBoard(bd.full.doc).cards.find((c) => c.id === id)?.text);
    await waitFor(async () => !(await text(a, cards.onB))?.includes(ON_B) && !(await text(b, cards.onA))?.includes(ON_A), 'each redaction to reach the other instance');
    await waitFor(async () => ((await a.server.checkpoints.listCheckpoints(ev.boardId)).at(-1) ?? 0) > before, 'a checkpoint put off to be written');
    expect(occurrences([...(await history()), ...(await redisValues(reader, prefix))], NEEDLES)).toEqual([]);
  });
});
