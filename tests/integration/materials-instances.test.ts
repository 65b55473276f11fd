/**
 * Materials with two instances on one Redis (docs/outputs.md §4): bytes live in Redis chunks,
 * so a file uploaded through A downloads and deletes through B, and deleting erases every
 * byte; the event quota and the upload limits hold across instances.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaterialRecord } from '../../server/outputs/materials/material-store.js';
import { createBinaryClient, type BinaryClient } from '../../server/infra/redis/connection.js';
import { occurrences, redisValues } from '../helpers/byte-scan.js';
import { getTestRedis, runPrefix, startPrivateRedis, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';

const MARKER = 'MATERIAL-MARKER-7f3a9c';
/** A PDF of `bytes` bytes with a marker in its middle (spans several 64 KiB chunks). */
const pdf = (bytes: number): Buffer => {
  const head = Buffer.from(`%PDF-1.4\n%${MARKER}\n`);
  return Buffer.concat([
    head,
    randomBytes(Math.floor((bytes - head.length) / 2)),
    Buffer.from(MARKER),
    randomBytes(bytes - head.length - Math.floor((bytes - head.length) / 2) - MARKER.length)
  ]);
};

describe('materials on two instances sharing Redis', () => {
  let redis: TestRedis;
  let reader: BinaryClient;
  let prefix: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    redis = await getTestRedis();
    reader = createBinaryClient(redis.url);
    await reader.connect();
    prefix = runPrefix('materials');
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, LIMIT_MAX_EVENT_MATERIAL_BYTES: String(1024 * 1024), LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_EVENT: '12' };
    a = await startTestServer({ env: { ...env, INSTANCE_ID: 'mat-a' } });
    b = await startTestServer({ env: { ...env, INSTANCE_ID: 'mat-b' } });
    for (const s of [a, b]) await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
  });
  afterAll(async () => {
    await b?.dispose();
    await a?.dispose();
    if (reader?.isOpen) {
      const keys = await reader.keys(`${prefix}*`);
      if (keys.length > 0) await reader.del(keys);
      await reader.close();
    }
    await redis?.stop();
  });

  const materials = (s: TestServer, eventId: string, token: string) => `${s.url}/api/events/${eventId}/materials?t=${token}`;
  const item = (s: TestServer, eventId: string, id: string, token: string, tail = '') => `${s.url}/api/events/${eventId}/materials/${id}${tail}?t=${token}`;

  it('uploaded through A, downloads and deletes through B; deleting erases every byte from Redis', async () => {
    const ev = await createTestEvent(a.url);
    const eventId = ev.response.eventId;
    const file = pdf(700 * 1024);
    const up = await fetch(`${materials(a, eventId, ev.tokens.moderator)}&name=program.pdf`, { method: 'POST', body: new Uint8Array(file) });
    expect(up.status).toBe(201);
    const m = (await up.json()) as MaterialRecord;

    const down = await fetch(item(b, eventId, m.id, ev.tokens.moderator, '/download'));
    expect(down.status).toBe(200);
    expect(down.headers.get('content-length')).toBe(String(file.length));
    expect(Buffer.from(await down.arrayBuffer()).equals(file)).toBe(true);
    const zip = await fetch(`${b.url}/api/events/${eventId}/export.zip?t=${ev.tokens.moderator}`);
    expect(Buffer.from(await zip.arrayBuffer()).includes(Buffer.from(MARKER))).toBe(true);
    expect(occurrences(await redisValues(reader, prefix), [MARKER]).length).toBeGreaterThan(0);

    expect((await fetch(item(b, eventId, m.id, ev.tokens.moderator), { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(item(a, eventId, m.id, ev.tokens.moderator, '/download'))).status).toBe(404);
    expect(occurrences(await redisValues(reader, prefix), [MARKER])).toEqual([]);
    expect((await reader.keys(`${prefix}blob:*`)).map(String)).toEqual([]);
  });

  it('reserves the event quota across instances: eight concurrent uploads through A and B store at most the quota', async () => {
    const ev = await createTestEvent(a.url);
    const eventId = ev.response.eventId;
    const file = pdf(400 * 1024);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => fetch(`${materials(i % 2 ? a : b, eventId, ev.tokens.moderator)}&name=f${i}.pdf`, { method: 'POST', body: new Uint8Array(file) }))
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 413)).toBe(true);
    const list = ((await (await fetch(materials(b, eventId, ev.tokens.moderator))).json()) as { materials: MaterialRecord[] }).materials;
    expect(list.reduce((sum, m) => sum + m.size, 0)).toBeLessThanOrEqual(1024 * 1024);
    // The refused uploads left no bytes: only the two stored blobs are in Redis.
    await waitFor(async () => (await reader.keys(`${prefix}blob:*`)).length === 2, 'the refused uploads to leave no blob');
  });

  it('counts uploads per event on every instance (the limiter lives in Redis)', async () => {
    const ev = await createTestEvent(a.url);
    const eventId = ev.response.eventId;
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const res = await fetch(`${materials(i % 2 ? a : b, eventId, ev.tokens.moderator)}&name=s${i}.pdf`, { method: 'POST', body: new Uint8Array(pdf(1000)) });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 12).every((s) => s === 201)).toBe(true);
    expect(statuses[12]).toBe(429);
  });
});

describe('scale-out storage budget: Redis memory', () => {
  let redis: TestRedis;
  let s: TestServer;
  beforeAll(async () => {
    redis = await startPrivateRedis({ args: ['--maxmemory', '100mb', '--maxmemory-policy', 'noeviction'] });
    s = await startTestServer({ env: { REDIS_URL: redis.url, REDIS_PREFIX: runPrefix('matmem'), LIMIT_MIN_FREE_REDIS_BYTES: String(90 * 1024 * 1024) } });
    await waitFor(async () => (await fetch(`${s.url}/healthz`)).status === 200, 'the instance to reach Redis');
  });
  afterAll(async () => {
    await s?.dispose();
    await redis?.stop();
  });

  it('refuses with 507 an upload that would eat into the memory Redis keeps free, before storing a byte', async () => {
    const ev = await createTestEvent(s.url);
    const url = `${s.url}/api/events/${ev.response.eventId}/materials?t=${ev.tokens.moderator}`;
    expect((await fetch(`${url}&name=small.pdf`, { method: 'POST', body: new Uint8Array(pdf(100 * 1024)) })).status).toBe(201);
    const big = await fetch(`${url}&name=big.pdf`, { method: 'POST', body: new Uint8Array(pdf(9.5 * 1024 * 1024)) });
    expect(big.status).toBe(507);
    expect(((await big.json()) as { reason: string }).reason).toBe('insufficient-storage');
  });
});
