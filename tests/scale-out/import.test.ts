/**
 * A board imported on one instance is the same board on another (issue 13, finding 4: the
 * import's state goes straight into the shared store, built in the heavy-work worker). Two real
 * servers in this process, real Redis, a key prefix per run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigBoardExport } from '../../bench/scenarios/pdf-export.js';
import { readBoard } from '../../src/lib/board/index.js';
import type { BoardExport } from '../../server/outputs/exports/json.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';

describe('import on two instances', () => {
  let redis: TestRedis;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    redis = await getTestRedis();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('import') };
    servers.push(await startTestServer({ env: { ...env, INSTANCE_ID: 'a' } }), await startTestServer({ env: { ...env, INSTANCE_ID: 'b' } }));
  });
  afterAll(async () => {
    for (const s of servers) await s.dispose();
    await redis?.stop();
  });

  it('imported on A: B serves its full export, and its public document holds no hidden card', async () => {
    const [a, b] = servers;
    const ev = await createTestEvent(a.url);
    const source = bigBoardExport(120);
    const res = await fetch(`${a.url}/api/events/${ev.response.eventId}/import?t=${ev.tokens.moderator}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(source)
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const json = (await (await fetch(`${b.url}/api/boards/${id}/export.json?t=${ev.tokens.moderator}`)).json()) as BoardExport;
    expect(json.cards.map((c) => c.text).sort()).toEqual((source.cards as Array<{ text: string }>).map((c) => c.text).sort());
    expect(json.votes).toHaveLength((source.votes as unknown[]).length);
    const hidden = (source.cards as Array<{ hidden: boolean }>).filter((c) => c.hidden).length;
    const publicCards = await b.server.registry.withBoard(id, (board) => readBoard(board.public.doc).cards);
    expect(hidden).toBeGreaterThan(0);
    expect(publicCards).toHaveLength(120 - hidden);
    expect(publicCards.every((c) => !c.hidden)).toBe(true);
  });
});
