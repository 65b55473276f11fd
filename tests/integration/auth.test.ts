import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { connectSocket } from '../../support/socket-client.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { mintDevice } from '../../support/device.js';
import { openRaw } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';

describe('bad or missing tokens are refused on every channel (docs/protocol.md §2)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let other: TestEvent;

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url);
    other = await createTestEvent(ts.url, { title: 'Another event' });
  });

  it('HTTP API: 401 without or with a wrong token, 200 with a right one', async () => {
    for (const q of ['', '?t=', '?t=wrong', `?t=${other.tokens.moderator}`]) {
      const res = await fetch(`${ts.url}/api/boards/${ev.boardId}${q}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, reason: 'unauthorized' });
    }
    expect((await fetch(`${ts.url}/api/events/${ev.response.eventId}?t=nope`)).status).toBe(401);
    expect((await fetch(`${ts.url}/api/boards/${ev.boardId}?t=${ev.tokens.audience}`)).status).toBe(200);
  });

  it('board pages: 401 bilingual page for a bad token (a replaced audience link aside), 403 for another role’s token, never the app', async () => {
    const bad = await fetch(`${ts.url}/b/${ev.boardId}/moderate?t=wrong`);
    expect(bad.status).toBe(401);
    const html = await bad.text();
    expect(html).toContain('Neplatný nebo chybějící odkaz');
    expect(html).toContain('Invalid or missing link');
    expect((await fetch(`${ts.url}/b/${ev.boardId}/view`)).status).toBe(401);
    expect((await fetch(`${ts.url}/b/${ev.boardId}/moderate?t=${ev.tokens.panelist}`)).status).toBe(403);
    expect((await fetch(`${ts.url}/b/${ev.boardId}/projector?t=${ev.tokens.audience}`)).status).toBe(403);
    expect((await fetch(`${ts.url}/b/nope/view?t=${ev.tokens.audience}`)).status).toBe(404);
    // A replaced audience link reaches the app, which offers to rejoin with the join code (issue 18);
    // the page holds nothing of the board. Every other page, and a missing token, stay refused.
    const replaced = await fetch(`${ts.url}/b/${ev.boardId}/view?t=wrong`);
    expect(replaced.headers.get('content-type')).toContain('application/json');
    for (const page of ['moderate', 'panel', 'projector']) expect((await fetch(`${ts.url}/b/${ev.boardId}/${page}?t=wrong`)).status).toBe(401);
    // With a right token the request passes the guard (the test server has no app: plain 404 JSON).
    const ok = await fetch(`${ts.url}/b/${ev.boardId}/view?t=${ev.tokens.audience}`);
    expect(ok.headers.get('content-type')).toContain('application/json');
  });

  it(`websocket: closed with ${CloseCode.Unauthorized} for a missing or wrong token, ${CloseCode.NotFound} for an unknown board`, async () => {
    for (const token of [null, '', 'wrong', other.tokens.moderator]) {
      const raw = openRaw(ts.wsUrl, ev.boardId, token);
      const { code } = await raw.closed;
      expect(code).toBe(CloseCode.Unauthorized);
      expect(raw.frames).toHaveLength(0);
    }
    expect((await openRaw(ts.wsUrl, 'no-such-board', ev.tokens.moderator).closed).code).toBe(CloseCode.NotFound);
    expect((await openRaw(ts.wsUrl, `${ev.boardId}/extra`, ev.tokens.moderator).closed).code).toBe(CloseCode.NotFound);
  });

  it('socket.io: connect_error for a missing, malformed or wrong handshake', async () => {
    const attempts: Record<string, unknown>[] = [
      {},
      { token: ev.tokens.moderator, boardId: ev.boardId },
      { token: 'wrong', boardId: ev.boardId, deviceId: await mintDevice(ts.url) },
      { token: ev.tokens.moderator, boardId: other.boardId, deviceId: await mintDevice(ts.url) },
      { token: 42, boardId: ev.boardId, deviceId: await mintDevice(ts.url) }
    ];
    for (const auth of attempts) await expect(connectSocket(ts.url, auth)).rejects.toThrow();
    const ok = await connectSocket(ts.url, { token: ev.tokens.projector, boardId: ev.boardId, deviceId: await mintDevice(ts.url) });
    ok.close();
  });
});
