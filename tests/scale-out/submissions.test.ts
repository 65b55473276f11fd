/**
 * The queue across instances sharing one Redis (docs/protocol.md §5): a submission filed on
 * instance A is approved from instance B; the card appears on A and the submitter, connected to
 * A, hears the decision. Two real servers in this process, real Redis, a key prefix per run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import type { SubmissionView } from '../../src/lib/protocol/events.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { once, waitFor } from '../../support/wait.js';
import { openRaw, type RawClient } from '../../support/yjs-clients.js';

describe('the submission queue on two instances', () => {
  let redis: TestRedis;
  const servers: TestServer[] = [];
  const sockets: TestSocket[] = [];
  const raws: RawClient[] = [];

  beforeAll(async () => {
    redis = await getTestRedis();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('queue') };
    servers.push(await startTestServer({ env: { ...env, INSTANCE_ID: 'a' } }), await startTestServer({ env: { ...env, INSTANCE_ID: 'b' } }));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const r of raws) r.close();
    for (const s of servers) await s.dispose();
    await redis?.stop();
  });

  it('filed on A, approved from B: the card reaches A’s readers and the submitter on A hears it', async () => {
    const [a, b] = servers;
    const ev = await createTestEvent(a.url);
    const submitter = await connectAs(a.url, ev.boardId, ev.tokens.audience);
    const moderatorOnB = await connectAs(b.url, ev.boardId, ev.tokens.moderator);
    sockets.push(submitter, moderatorOnB);
    const readerOnA = openRaw(a.wsUrl, ev.boardId, ev.tokens.audience);
    raws.push(readerOnA);
    await waitFor(() => readerOnA.synced(), 'the reader on A to sync');

    const filed = await call<SubmissionView>(submitter, 'submission:create', {
      type: 'card',
      key: 'scale-out-key-1',
      kind: 'proposal',
      text: 'Filed on A, approved on B',
      topicId: null,
      author: '',
      orgId: null
    });
    if (!filed.ok) throw new Error(filed.message);
    await waitFor(() => readBoard(readerOnA.doc).meta.queueCounts.pending === 1, 'the pending counter on A');
    const heard = once<SubmissionView>((resolve) => submitter.on('submission', (v: SubmissionView) => v.status === 'approved' && resolve(v)), 'the approval on A', 20_000);
    // B learns of the submission through Redis; until then it is (correctly) not-found there.
    const approved = await waitFor(
      async () => {
        const ack = await call<{ resultId: string }>(moderatorOnB, 'queue:approve', { submissionId: filed.data.id });
        return ack.ok ? ack.data : null;
      },
      'B to approve the submission',
      20_000
    );
    await waitFor(() => readBoard(readerOnA.doc).cards.find((c) => c.id === approved.resultId)?.text === 'Filed on A, approved on B', 'the card on A', 20_000);
    expect(await heard).toMatchObject({ id: filed.data.id, status: 'approved', resultId: approved.resultId });
    await waitFor(() => JSON.stringify(readBoard(readerOnA.doc).meta.queueCounts) === JSON.stringify({ pending: 0, approved: 1, rejected: 0 }), 'the counters on A');
    expect(
      await call(submitter, 'submission:create', {
        type: 'card',
        key: 'scale-out-key-1',
        kind: 'proposal',
        text: 'Filed on A, approved on B',
        topicId: null,
        author: '',
        orgId: null
      })
    ).toMatchObject({ ok: true, data: { status: 'approved' } });
  });
});
