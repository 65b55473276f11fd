/**
 * Two instances on one Redis are one server for identities and limits (issue 14, point 3):
 * a device issued by one is trusted by the other (the secret is stored once, SET NX), and the
 * mint limit, the participants' quotas, the join-code miss budget and event creation are
 * counted in Redis, so spreading requests over instances gains nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDeviceId } from '../../src/lib/board/identity.js';
import { mintDevice } from '../../support/device.js';
import { httpFrom } from '../helpers/http-from.js';
import { getTestRedis, type TestRedis } from '../helpers/redis.js';
import { call, connectAs } from '../../support/socket-client.js';
import { startInstancePair, type InstancePair } from '../helpers/instances.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';

const LIMITS = {
  LIMIT_DEVICE_MINTS_PER_MINUTE_PER_IP: '20',
  LIMIT_JOIN_MISSES_PER_MINUTE_PER_IP: '10',
  LIMIT_EVENTS_PER_MINUTE_PER_IP: '4'
};

describe('identities and limits across two instances on one Redis', () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  let pair: InstancePair | undefined;
  let ev: TestEvent;

  beforeAll(async () => {
    redis = await getTestRedis();
    pair = await startInstancePair('identity', redis.url, LIMITS);
    ({ a, b } = pair);
    ev = await createTestEvent(a.url);
  });
  afterAll(async () => {
    await pair?.dispose();
    await redis?.stop();
  });

  it('a device issued by A is trusted by B, and one made up is refused by both', async () => {
    const id = await mintDevice(a.url);
    expect(await httpFrom(`${b.url}/api/device`, { method: 'POST', body: { deviceId: id }, localAddress: '127.0.0.9' })).toMatchObject({ status: 200, json: { deviceId: id } });
    const onB = await connectAs(b.url, ev.boardId, ev.tokens.audience, id);
    expect(onB.connected).toBe(true);
    onB.close();
    for (const s of [a, b]) await expect(connectAs(s.url, ev.boardId, ev.tokens.audience, newDeviceId())).rejects.toMatchObject({ data: { reason: 'device-invalid' } });
  });

  it('the participant quota holds across instances: 3 submissions on A and 3 on B, the sixth is refused', async () => {
    const device = await mintDevice(a.url);
    const onA = await connectAs(a.url, ev.boardId, ev.tokens.audience, device);
    const onB = await connectAs(b.url, ev.boardId, ev.tokens.audience, device);
    const submit = (s: typeof onA, n: number) =>
      call(s, 'submission:create', { type: 'card', key: `quota-${n}-0000`, kind: 'question', text: `Q${n}`, author: '', orgId: null, topicId: null });
    const results = [];
    for (let n = 0; n < 6; n++) results.push(await submit(n % 2 ? onB : onA, n));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    expect(results[5]).toMatchObject({ ok: false, reason: 'rate-limited' });
    onA.close();
    onB.close();
  });

  it('minting, join-code misses and event creation are counted once for both instances', async () => {
    const from = '127.0.0.7';
    const mint = (s: TestServer) => httpFrom(`${s.url}/api/device`, { method: 'POST', body: {}, localAddress: from });
    const mints = [];
    for (let i = 0; i < 24; i++) mints.push((await mint(i % 2 ? b : a)).status);
    expect(mints.filter((s) => s === 201).length).toBeLessThanOrEqual(21);
    expect(mints.slice(-3)).toEqual([429, 429, 429]);

    const miss = (s: TestServer, i: number) => httpFrom(`${s.url}/api/join/ZZZZ${'23456789'[i % 8]}${'ABCDEFGH'[i % 8]}`, { localAddress: from });
    const misses = [];
    for (let i = 0; i < 14; i++) misses.push((await miss(i % 2 ? b : a, i)).status);
    expect(misses.filter((s) => s === 404).length).toBeLessThanOrEqual(11);
    expect(misses.slice(-3)).toEqual([429, 429, 429]);

    const create = (s: TestServer) => httpFrom(`${s.url}/api/events`, { method: 'POST', body: { title: 'T', date: '2026-11-27', place: 'P' }, localAddress: from });
    const created = [];
    for (let i = 0; i < 6; i++) created.push((await create(i % 2 ? b : a)).status);
    expect(created).toEqual([201, 201, 201, 201, 429, 429]);
  });
});
