/**
 * Two instances on one Redis are one server for the participation figures: the peak audience is
 * the hall's total across instances, a phone that joins both counts once, and reactions sent to
 * either instance add up; either instance reads the same figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParticipationState } from '../../src/lib/protocol/participation.js';
import { mintDevice } from '../../support/device.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { startInstancePair, type InstancePair } from '../helpers/instances.js';
import { getTestRedis, type TestRedis } from '../helpers/redis.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';

describe('participation figures across two instances on one Redis', () => {
  let redis: TestRedis;
  let pair: InstancePair | undefined;
  let ev: TestEvent;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = await getTestRedis();
    pair = await startInstancePair('participation', redis.url);
    ev = await createTestEvent(pair.a.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await pair?.dispose();
    await redis?.stop();
  });

  const read = async (url: string): Promise<ParticipationState> =>
    (await (await fetch(`${url}/api/boards/${ev.boardId}/participation?t=${ev.tokens.moderator}`)).json()) as ParticipationState;

  it('records the hall’s peak and its distinct phones, whichever instance each phone is on', async () => {
    if (!pair) throw new Error('no instances');
    const { a, b } = pair;
    const devices = await Promise.all([1, 2, 3, 4].map(() => mintDevice(a.url)));
    // Two phones on A, two on B, and the first phone a second time on B.
    for (const [i, d] of devices.entries()) sockets.push(await connectAs(i < 2 ? a.url : b.url, ev.boardId, ev.tokens.audience, d));
    sockets.push(await connectAs(b.url, ev.boardId, ev.tokens.audience, devices[0]));
    await waitFor(async () => (await read(a.url)).figures.peakAudience === 5, 'the peak across both instances', 15_000);
    for (const s of sockets.slice(0, 2)) expect(await call(s, 'reaction:send', { emoji: '👏', target: 'board' })).toMatchObject({ ok: true });
    for (const s of sockets.slice(2, 5)) expect(await call(s, 'reaction:send', { emoji: '👏', target: 'board' })).toMatchObject({ ok: true });
    await waitFor(async () => (await read(b.url)).figures.activity.reduce((n, x) => n + x.reactions, 0) === 5, 'the reactions of both instances', 15_000);
    const [fa, fb] = [await read(a.url), await read(b.url)];
    expect(fa.figures.phonesJoined).toBe(4);
    expect(fb.figures).toEqual(fa.figures);
  });
});
