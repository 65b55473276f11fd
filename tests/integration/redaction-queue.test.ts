/**
 * Erasure reaches the moderation queue too (docs/redaction.md): redacting a card that came from
 * an audience submission replaces the queue's copy of the submitted text, and rejecting a
 * submission for personal data erases its text — from the live queue document, its stored log
 * (every file under DATA_DIR) and what a new moderator connection receives. The log keeps the
 * decision, not the text.
 */
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readLog, readSubmissions } from '../../src/lib/board/queue.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { filesUnder, occurrences } from '../helpers/byte-scan.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { serverTest } from '../fixtures.js';

let seq = 0;
const newKey = (): string => `rq-${Date.now().toString(36)}-${(seq += 1)}`;

describe('erasure in the moderation queue', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  const sockets: TestSocket[] = [];

  const submit = async (text: string): Promise<SubmissionView> => {
    const s = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    sockets.push(s);
    const ack = await call<SubmissionView>(s, 'submission:create', { type: 'card', key: newKey(), kind: 'question', text, topicId: null, author: '', orgId: null });
    if (!ack.ok) throw new Error(`submission refused: ${ack.reason}`);
    return ack.data;
  };
  /** Everything the server keeps or sends of the queue: the files, and a new moderator's state. */
  const scan = async (needles: string[]): Promise<string[]> => {
    await ts.server.registry.flushAll();
    const queueState = await ts.server.registry.withBoard(ev.boardId, (b) => Y.encodeStateAsUpdate(b.queue.doc));
    return occurrences([...(await filesUnder(ts.dataDir)), { where: 'queue state', bytes: queueState }], needles);
  };

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
  });
  afterAll(async () => {
    for (const s of [mod, ...sockets]) s.close();
  });

  it('redacting an approved submission replaces the queue copy and logs the redaction', async () => {
    const secret = 'Volejte Karlu Dvořákovou na 605 111 222';
    const s = await submit(secret);
    const approved = await call<{ resultId: string }>(mod, 'queue:approve', { submissionId: s.id });
    if (!approved.ok) throw new Error('approve failed');
    expect(await scan(['605 111 222'])).not.toEqual([]); // the scan can see it before
    expect(await call(mod, 'card:redact', { cardId: approved.data.resultId, text: 'Volejte koordinátorku' })).toEqual({ ok: true });
    expect(await scan(['605 111 222', 'Dvořákovou'])).toEqual([]);
    const { submission, log } = await ts.server.registry.withBoard(ev.boardId, (b) => ({
      submission: readSubmissions(b.queue.doc).find((q) => q.id === s.id),
      log: readLog(b.queue.doc)
    }));
    expect(submission?.content.text).toBe('Volejte koordinátorku');
    expect(log.at(-1)).toMatchObject({ action: 'redact', cardId: approved.data.resultId, submissionId: s.id, reason: null });
  });

  it('rejecting for personal data erases the submitted text; the decision stays in the log', async () => {
    const secret = 'Můj soused Tomáš Řezníček, Lipová 12, nemá povolení';
    const s = await submit(secret);
    expect(await scan(['Lipová 12'])).not.toEqual([]);
    expect(await call(mod, 'queue:reject', { submissionId: s.id, reason: 'personal-data' })).toEqual({ ok: true });
    expect(await scan(['Lipová 12', 'Řezníček'])).toEqual([]);
    const log = await ts.server.registry.withBoard(ev.boardId, (b) => readLog(b.queue.doc));
    expect(log.at(-1)).toMatchObject({ action: 'reject', submissionId: s.id, reason: 'personal-data' });
  });

  it('other rejection reasons keep the text for the moderator', async () => {
    const s = await submit('Off topic: parking at the venue');
    expect(await call(mod, 'queue:reject', { submissionId: s.id, reason: 'off-topic' })).toEqual({ ok: true });
    const kept = await ts.server.registry.withBoard(ev.boardId, (b) => readSubmissions(b.queue.doc).find((q) => q.id === s.id));
    expect(kept?.content.text).toBe('Off topic: parking at the venue');
  });
});
