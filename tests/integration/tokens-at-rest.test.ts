/**
 * Role tokens are stored hashed (issue 13, finding 15): after creating an event, no raw token
 * is in the SQLite files or under the Redis prefix, and every link still works, the
 * moderator's console still lists them, a join code still leads to the audience link, and a
 * rotated link is not stored raw either. Events stored before (raw tokens) still open, and are
 * sealed on first use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardSession, EventSession, JoinResult, RotateTokenResult } from '../../src/lib/protocol/api.js';
import { ROLES } from '../../src/lib/roles/index.js';
import { newRoleTokens } from '../../server/events/tokens.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { filesUnder, occurrences, redisValues, type Source } from '../helpers/byte-scan.js';
import { getTestRedis, runPrefix, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';

const getJson = async <T>(url: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
};

/** The checks of one store: `scan` reads every byte it keeps. */
async function checkStore(ts: TestServer, scan: () => Promise<Source[]>): Promise<void> {
  const ev = await createTestEvent(ts.url, { workshops: ['Workshop A'] });
  const tokens = Object.values(ev.tokens);
  expect(occurrences(await scan(), tokens)).toEqual([]);
  for (const role of ROLES) expect((await getJson<BoardSession>(`${ts.url}/api/boards/${ev.boardId}?t=${ev.tokens[role]}`)).body.role).toBe(role);
  const console = await getJson<EventSession>(`${ts.url}/api/events/${ev.response.eventId}?t=${ev.tokens.moderator}`);
  expect(console.body.links).toEqual(ev.response.links);
  expect((await getJson<BoardSession>(`${ts.url}/api/boards/${ev.boardId}?t=${ev.tokens.panelist}`)).body.links).toBeNull();
  const joined = await getJson<JoinResult>(`${ts.url}/api/join/${ev.response.boards[0].joinCode}`);
  expect(joined.body.url).toBe(ev.response.links[ev.boardId].audience);

  const rotated = await fetch(`${ts.url}/api/events/${ev.response.eventId}/tokens/panelist/rotate?t=${ev.tokens.moderator}`, { method: 'POST' });
  const fresh = new URL(((await rotated.json()) as RotateTokenResult).links[ev.boardId].panelist).searchParams.get('t') ?? '';
  expect((await getJson<BoardSession>(`${ts.url}/api/boards/${ev.boardId}?t=${fresh}`)).body.role).toBe('panelist');
  expect((await fetch(`${ts.url}/api/boards/${ev.boardId}?t=${ev.tokens.panelist}`)).status).toBe(401);
  expect(occurrences(await scan(), [...tokens, fresh])).toEqual([]);

  // An event stored before tokens were hashed: raw tokens in the record.
  const legacy = newRoleTokens();
  await ts.server.events.createEvent({ id: 'legacyevent1', title: 'Old', date: '2026-01-01', place: 'P', createdAt: 1, template: 'blank', lang: 'en', tokens: legacy }, [
    { id: 'legacyboard1', eventId: 'legacyevent1', kind: 'main', title: 'Old', joinCode: 'LEGACY', createdAt: 1 }
  ]);
  expect(occurrences(await scan(), [legacy.moderator]).length).toBeGreaterThan(0);
  const old = await getJson<EventSession>(`${ts.url}/api/events/legacyevent1?t=${legacy.moderator}`);
  expect(old.status).toBe(200);
  expect(old.body.links?.legacyboard1.projector).toContain(legacy.projector);
  await waitFor(async () => occurrences(await scan(), Object.values(legacy)).length === 0, 'the old record to be sealed');
  expect((await getJson<BoardSession>(`${ts.url}/api/boards/legacyboard1?t=${legacy.audience}`)).body.role).toBe('audience');
}

describe('tokens at rest', () => {
  describe('SQLite', () => {
    let ts: TestServer;
    beforeAll(async () => {
      ts = await startTestServer();
    });
    afterAll(() => ts?.dispose());

    it('no raw token in the database files; links, console, join and rotation work; old records are sealed on use', async () => {
      await checkStore(ts, () => filesUnder(ts.dataDir));
    });
  });

  describe('Redis', () => {
    let redis: TestRedis;
    let reader: BinaryClient;
    let ts: TestServer;
    let prefix: string;
    beforeAll(async () => {
      redis = await getTestRedis();
      prefix = runPrefix('tokens');
      reader = createBinaryClient(redis.url);
      await reader.connect();
      ts = await startTestServer({ env: { REDIS_URL: redis.url, REDIS_PREFIX: prefix } });
      await waitFor(async () => (await fetch(`${ts.url}/healthz`)).status === 200, 'the instance to reach Redis');
    });
    afterAll(async () => {
      await ts?.dispose();
      await reader?.close();
      await redis?.stop();
    });

    it('no raw token under the prefix; links, console, join and rotation work; old records are sealed on use', async () => {
      await checkStore(ts, () => redisValues(reader, prefix));
    });
  });
});
