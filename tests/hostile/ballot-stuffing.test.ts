/**
 * Ballot stuffing (issue 13, finding 5): the vote budget, the single poll ballot and the
 * submission quotas count per device, so the device identity must be one the server issued
 * (server/events/devices.ts), and new identities come only as fast as one address may mint them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, newDeviceId, participantKey, readBoard } from '../../src/lib/board/index.js';
import { mintDevice } from '../../support/device.js';
import { httpFrom } from '../helpers/http-from.js';
import { call, connectAs, connectSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';

describe('device identities the server can trust', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let cardId: string;

  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url);
    const moderator = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    expect(await call(moderator, 'board:settings', { voteBudget: 1 })).toMatchObject({ ok: true });
    const created = await call<{ resultId: string }>(moderator, 'submission:create', {
      type: 'card',
      key: 'seed-card-0001',
      kind: 'question',
      text: 'Vote on me',
      author: '',
      orgId: null,
      topicId: null
    });
    if (!created.ok) throw new Error(created.message);
    cardId = created.data.resultId;
    moderator.close();
  });
  afterAll(() => ts?.dispose());

  it('a device id the client made up is refused at the socket.io handshake (device-invalid), so 60 of them cast no vote', async () => {
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => connectAs(ts.url, ev.boardId, ev.tokens.audience, newDeviceId())));
    const connected = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const votes = await Promise.all(connected.map((s) => call(s, 'vote:toggle', { cardId })));
    for (const s of connected) s.close();
    expect(votes.filter((v) => v.ok)).toHaveLength(0);
    expect(connected).toHaveLength(0);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as { data?: { reason?: string } }).data?.reason).toBe('device-invalid');
    // A forged MAC (right shape, wrong key) is no better than no MAC.
    const real = await mintDevice(ts.url);
    const forged = real.slice(0, 22) + (real[22] === 'A' ? 'B' : 'A') + real.slice(23);
    await expect(connectSocket(ts.url, { token: ev.tokens.audience, boardId: ev.boardId, deviceId: forged })).rejects.toMatchObject({ data: { reason: 'device-invalid' } });
  });

  it('an issued identity votes within its budget, and keeps its vote across sockets', async () => {
    const device = await mintDevice(ts.url);
    const first = await connectAs(ts.url, ev.boardId, ev.tokens.audience, device);
    const second = await connectAs(ts.url, ev.boardId, ev.tokens.audience, device);
    expect(await call(first, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: true } });
    expect(await call(second, 'poll:vote', { pollId: 'none', optionIds: ['x'] })).toMatchObject({ ok: false });
    // The same device on another socket holds the same vote: toggling takes it back.
    expect(await call(second, 'vote:toggle', { cardId })).toEqual({ ok: true, data: { voted: false } });
    first.close();
    second.close();
  });

  it('POST /api/device confirms an issued identity (200, no new one) and replaces any other (201)', async () => {
    const issued = await httpFrom(`${ts.url}/api/device`, { method: 'POST', body: {} });
    expect(issued.status).toBe(201);
    const id = (issued.json as { deviceId: string }).deviceId;
    expect(await httpFrom(`${ts.url}/api/device`, { method: 'POST', body: { deviceId: id } })).toMatchObject({ status: 200, json: { deviceId: id } });
    const replaced = await httpFrom(`${ts.url}/api/device`, { method: 'POST', body: { deviceId: newDeviceId() } });
    expect(replaced.status).toBe(201);
    expect((replaced.json as { deviceId: string }).deviceId).not.toBe(id);
    expect((await httpFrom(`${ts.url}/api/device`, { method: 'POST', body: { deviceId: 42 } })).status).toBe(201);
    expect((await httpFrom(`${ts.url}/api/device`, { method: 'GET' })).status).toBe(405);
  });

  it('on Yjs a made-up device owns nothing: a card claimed under its key is refused', async () => {
    const madeUp = newDeviceId();
    const writer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist, { deviceId: madeUp });
    const observer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    const claimed = addCard(
      writer.doc,
      { kind: 'pitfall', text: 'Claimed under a made-up device', orgId: null, author: 'X', authorKey: participantKey(ev.boardId, madeUp), topicId: null },
      LOCAL
    );
    const issued = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const honest = addCard(
      issued.doc,
      { kind: 'pitfall', text: 'Written under an issued device', orgId: null, author: 'Y', authorKey: participantKey(ev.boardId, issued.deviceId), topicId: null },
      LOCAL
    );
    await waitFor(() => readBoard(observer.doc).cards.some((c) => c.id === honest), 'the honest card');
    expect(readBoard(observer.doc).cards.some((c) => c.id === claimed)).toBe(false);
    for (const c of [writer, observer, issued]) c.destroy();
  });

  it('the identity survives a restart (the secret is kept in the store)', async () => {
    const own = await startTestServer();
    const id = await mintDevice(own.url);
    await own.stop();
    const again = await own.restart();
    try {
      expect(await httpFrom(`${again.url}/api/device`, { method: 'POST', body: { deviceId: id } })).toMatchObject({ status: 200, json: { deviceId: id } });
    } finally {
      await again.dispose();
    }
  });
});

describe('minting identities, per address', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(() => ts?.dispose());

  it('a hall of 1,500 phones behind one address all get an identity at once; a script asking for more is refused with Retry-After', async () => {
    const mint = () => httpFrom(`${ts.url}/api/device`, { method: 'POST', body: {}, localAddress: '127.0.0.1' });
    const started = Date.now();
    let issued = 0;
    let firstRefusal: Awaited<ReturnType<typeof mint>> | null = null;
    while (!firstRefusal && issued < 5000) {
      const replies = await Promise.all(Array.from({ length: 100 }, mint));
      issued += replies.filter((r) => r.status === 201).length;
      firstRefusal = replies.find((r) => r.status === 429) ?? null;
    }
    const elapsedS = (Date.now() - started) / 1000;
    // The whole hall at once, then no more than the refill (1,500 a minute) while the loop ran.
    expect(issued).toBeGreaterThanOrEqual(1500);
    expect(issued).toBeLessThanOrEqual(1500 + 25 * (elapsedS + 1));
    expect(Number(firstRefusal?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(firstRefusal?.json).toMatchObject({ ok: false, reason: 'rate-limited' });
    // Hundreds a second from one address: nearly all refused.
    const burstStart = Date.now();
    const burst = await Promise.all(Array.from({ length: 300 }, mint));
    const burstS = (Date.now() - burstStart) / 1000;
    expect(burst.filter((r) => r.status === 201).length).toBeLessThanOrEqual(25 * (burstS + 1));
    // Another address is not affected.
    expect((await httpFrom(`${ts.url}/api/device`, { method: 'POST', body: {}, localAddress: '127.0.0.2' })).status).toBe(201);
  });
});
