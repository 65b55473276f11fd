/**
 * Anti-entropy without reading logs (issue 14, point 3): every cycle, an instance reads the
 * heads of its loaded documents in one command and loads only a document that is behind. An
 * idle instance sends no log reads at all; an update stored but never published (a lost
 * pub/sub message) still reaches its clients within a cycle or two. A private Redis, so the
 * command counts are this instance's alone; a 300 ms cycle (LIMIT_ANTI_ENTROPY_MS).
 */
import pino from 'pino';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { createRedisDocStore } from '../../server/infra/redis/doc-store-redis.js';
import { connectRedis, type RedisConnection } from '../../server/infra/redis/connection.js';
import { redisKeys } from '../../server/infra/redis/keys.js';
import { runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';

/** Calls per command since the last CONFIG RESETSTAT, from INFO commandstats. */
async function commandCalls(admin: RedisConnection): Promise<Record<string, number>> {
  const info = String(await admin.client.sendCommand(['INFO', 'commandstats']));
  const calls: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[m[1]] = Number(m[2]);
  return calls;
}

describe('periodic anti-entropy compares heads, and loads only what is behind', () => {
  let redis: TestRedis;
  let admin: RedisConnection;
  let server: TestServer;
  const prefix = runPrefix('entropy');

  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = connectRedis({ url: redis.url, name: 'admin', logger: pino({ level: 'silent' }) });
    await waitFor(() => admin.status() === 'ready', 'the admin connection');
    server = await startTestServer({ env: { REDIS_URL: redis.url, REDIS_PREFIX: prefix, INSTANCE_ID: 'entropy-a', LIMIT_ANTI_ENTROPY_MS: '300' } });
    await waitFor(async () => (await fetch(`${server.url}/healthz`)).status === 200, 'the instance to reach Redis');
  });
  afterAll(async () => {
    await server?.dispose();
    await admin?.close();
    await redis?.stop();
  });

  it('an idle instance with a loaded board reads no log: one MGET of heads per cycle; a stored but unpublished update still reaches its client', async () => {
    const ev = await createTestEvent(server.url);
    const panelist = await openProvider(server.wsUrl, ev.boardId, ev.tokens.panelist);
    await new Promise((r) => setTimeout(r, 500));
    await admin.client.sendCommand(['CONFIG', 'RESETSTAT']);
    const calls = await waitFor(async () => {
      const c = await commandCalls(admin);
      return (c.mget ?? 0) >= 4 ? c : null;
    }, 'four anti-entropy cycles (MGET of the heads)');
    // Broken (main): every cycle reads each of the board's three documents whole (an EVAL each).
    expect(calls.eval ?? 0).toBe(0);
    expect(calls.lrange ?? 0).toBe(0);

    // Another instance stored a card, and its pub/sub message was lost: the head moves, and
    // only then is the document loaded.
    const store = createRedisDocStore({ redis: admin, keys: redisKeys(prefix) });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(panelist.doc));
    const before = Y.encodeStateVector(other);
    addCard(other, { kind: 'pitfall', text: 'stored, never published', orgId: null, author: 'X', authorKey: participantKey(ev.boardId, 'dev-x'), topicId: null }, LOCAL);
    await store.append(ev.boardId, Y.encodeStateAsUpdate(other, before));
    await waitFor(() => readBoard(panelist.doc).cards.some((c) => c.text === 'stored, never published'), 'the unpublished card to reach the client through anti-entropy');
    panelist.destroy();
  });
});
