/**
 * Nothing acknowledged is lost (issue 14, point 4), scale-out mode: a private Redis refuses
 * writes mid-session (maxmemory reached, policy noeviction: every append fails with OOM). The
 * card typed meanwhile reaches no client of either instance and /healthz says degraded; once
 * Redis takes writes again it is stored, reaches everyone, and a new instance serves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, openRaw } from '../../support/yjs-clients.js';

const cardTexts = (doc: Y.Doc): string[] => readBoard(doc).cards.map((c) => c.text);

describe('Redis refuses appends in the middle of a session', () => {
  let redis: TestRedis;
  let admin: BinaryClient;
  const servers: TestServer[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = createBinaryClient(redis.url);
    await admin.connect();
    env = { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('oom') };
    for (const name of ['oom-a', 'oom-b']) servers.push(await startTestServer({ env: { ...env, INSTANCE_ID: name } }));
    for (const s of servers) await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
  });
  afterAll(async () => {
    for (const s of servers) await s.dispose();
    await admin?.close();
    await redis?.stop();
  });

  it('the card typed while Redis refuses writes reaches no client of either instance until it is stored, then everyone, and a new instance has it', async () => {
    const [a, b] = servers;
    const ev = await createTestEvent(a.url);
    const writer = await openProvider(a.wsUrl, ev.boardId, ev.tokens.panelist);
    const otherOnA = await openProvider(a.wsUrl, ev.boardId, ev.tokens.panelist);
    const otherOnB = await openProvider(b.wsUrl, ev.boardId, ev.tokens.moderator);
    const audienceOnA = openRaw(a.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => audienceOnA.synced(), 'the audience to sync');
    const key = participantKey(ev.boardId, writer.deviceId);
    const TEXT = 'typed while Redis refused writes';
    const seen: Array<{ at: number; who: string }> = [];
    for (const [who, doc] of [
      ['A', otherOnA.doc],
      ['B', otherOnB.doc],
      ['audience', audienceOnA.doc]
    ] as const)
      doc.on('update', () => void (cardTexts(doc).includes(TEXT) && !seen.some((s) => s.who === who) && seen.push({ at: Date.now(), who })));

    await admin.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
    await admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '1']);
    addCard(writer.doc, { kind: 'question', text: TEXT, orgId: null, author: 'W', authorKey: key, topicId: null }, LOCAL);
    await waitFor(async () => (await fetch(`${a.url}/healthz`)).status === 503, 'instance A to report degraded');
    expect(await (await fetch(`${a.url}/healthz`)).json()).toMatchObject({ status: 'degraded', checks: { appends: 'down' } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen).toEqual([]);

    const restoredAt = Date.now();
    await admin.sendCommand(['CONFIG', 'SET', 'maxmemory', '0']);
    await waitFor(() => seen.length === 3, 'the card to reach A, B and the audience once stored', 15_000);
    expect(seen.every((s) => s.at >= restoredAt)).toBe(true);
    await waitFor(async () => (await fetch(`${a.url}/healthz`)).status === 200, 'A healthy again');

    const c = await startTestServer({ env: { ...env, INSTANCE_ID: 'oom-c' } });
    servers.push(c);
    await waitFor(async () => (await fetch(`${c.url}/healthz`)).status === 200, 'instance C to reach Redis');
    const fresh = await openProvider(c.wsUrl, ev.boardId, ev.tokens.moderator);
    expect(cardTexts(fresh.doc)).toContain(TEXT);
    for (const p of [writer, otherOnA, otherOnB, fresh]) p.destroy();
    audienceOnA.close();
  });
});
