/**
 * Security (docs/protocol.md §2, docs/limits.md): token rotation by the moderator with live
 * revocation, security headers on every response, the event-creation rate limit, /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotateTokenResult } from '../../src/lib/protocol/api.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { once, waitFor } from '../../support/wait.js';
import { openProvider, openRaw } from '../../support/yjs-clients.js';

const tokenOf = (link: string): string => new URL(link).searchParams.get('t') ?? '';

describe('token rotation and revocation (docs/protocol.md §2)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url, { workshops: ['Workshop A'] });
  });
  afterAll(async () => ts.dispose());

  const rotate = (role: string, token: string) => fetch(`${ts.url}/api/events/${ev.response.eventId}/tokens/${role}/rotate?t=${token}`, { method: 'POST' });

  it('only the moderator may rotate; unknown roles and tokens are refused', async () => {
    expect((await rotate('audience', ev.tokens.panelist)).status).toBe(403);
    expect((await rotate('audience', 'not-a-token')).status).toBe(401);
    expect((await rotate('janitor', ev.tokens.moderator)).status).toBe(400);
    expect((await fetch(`${ts.url}/api/events/${ev.response.eventId}/tokens/audience/rotate?t=${ev.tokens.moderator}`)).status).toBe(405);
  });

  it(`rotating the audience link: open websockets with the old token close with ${CloseCode.TokenRevoked}, socket.io gets a notice, the old token stops working, the new one works on every board`, async () => {
    const oldToken = ev.tokens.audience;
    const ws = openRaw(ts.wsUrl, ev.boardId, oldToken);
    await waitFor(() => ws.synced(), 'the audience websocket to sync');
    const panelist = openRaw(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    await waitFor(() => panelist.synced(), 'the panelist websocket to sync');
    const io = await connectAs(ts.url, ev.boardId, oldToken);
    const notice = once<{ reason: string }>((resolve) => io.on('notice', resolve), 'the revocation notice');
    const disconnected = once<string>((resolve) => io.on('disconnect', resolve), 'the socket.io disconnect');

    const res = await rotate('audience', ev.tokens.moderator);
    expect(res.status).toBe(200);
    const body = (await res.json()) as RotateTokenResult;
    const newToken = tokenOf(body.links[ev.boardId].audience);
    expect(newToken).not.toBe(oldToken);
    expect(newToken).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(Object.keys(body.links)).toHaveLength(2);
    for (const links of Object.values(body.links)) expect(tokenOf(links.audience)).toBe(newToken);
    expect(tokenOf(body.links[ev.boardId].panelist)).toBe(ev.tokens.panelist);

    expect((await ws.closed).code).toBe(CloseCode.TokenRevoked);
    expect(await notice).toMatchObject({ reason: 'token-revoked' });
    await disconnected;
    expect(panelist.synced()).toBe(true);
    const frames = panelist.frames.length;
    panelist.send(Uint8Array.from([0, 0, 1, 0]));
    await waitFor(() => panelist.frames.length > frames, 'the panelist (another role) to still be answered');

    expect((await fetch(`${ts.url}/api/boards/${ev.boardId}?t=${oldToken}`)).status).toBe(401);
    expect((await openRaw(ts.wsUrl, ev.boardId, oldToken).closed).code).toBe(CloseCode.Unauthorized);
    await expect(connectAs(ts.url, ev.boardId, oldToken)).rejects.toMatchObject({ data: { reason: 'unauthorized' } });
    const fresh = await openProvider(ts.wsUrl, ev.boardId, newToken);
    fresh.destroy();
    expect((await fetch(`${ts.url}/api/boards/${ev.boardId}?t=${newToken}`)).status).toBe(200);
    panelist.close();
    io.close();
  });

  it('the moderator can rotate their own link; the old moderator link stops working', async () => {
    const res = await rotate('moderator', ev.tokens.moderator);
    expect(res.status).toBe(200);
    const fresh = tokenOf(((await res.json()) as RotateTokenResult).links[ev.boardId].moderator);
    expect((await fetch(`${ts.url}/api/events/${ev.response.eventId}?t=${ev.tokens.moderator}`)).status).toBe(401);
    expect((await fetch(`${ts.url}/api/events/${ev.response.eventId}?t=${fresh}`)).status).toBe(200);
    ev.tokens.moderator = fresh;
  });

  it('tokens never reach the logs', async () => {
    const lines: string[] = [];
    const { Writable } = await import('node:stream');
    const { pino } = await import('pino');
    const sink = new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) });
    // No redaction here: no code path may hand a token to the logger in the first place.
    const logger = pino({ level: 'trace' }, sink);
    const { loadConfig } = await import('../../server/app/config.js');
    const { createServer } = await import('../../server/app/main.js');
    const server = createServer({ config: loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE: 'memory' }), logger, app: null });
    const { url } = await server.listen();
    try {
      const e = await createTestEvent(url);
      const raw = openRaw(url.replace('http', 'ws'), e.boardId, e.tokens.panelist);
      await waitFor(() => raw.synced(), 'sync');
      raw.send(Uint8Array.from([0x80]));
      await raw.closed;
      openRaw(url.replace('http', 'ws'), e.boardId, 'wrong-token');
      await (await connectAs(url, e.boardId, e.tokens.audience)).close();
      await fetch(`${url}/api/events/${e.response.eventId}/tokens/audience/rotate?t=${e.tokens.moderator}`, { method: 'POST' });
      await fetch(`${url}/b/${e.boardId}/view?t=${e.tokens.audience}`);
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(5);
      for (const token of Object.values(e.tokens)) expect(all).not.toContain(token);
    } finally {
      await server.close();
    }
  });
});

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

describe('security headers, the event-creation rate limit and /metrics', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ env: { LIMIT_EVENTS_PER_MINUTE_PER_IP: '3', METRICS_TOKEN } });
  });
  afterAll(async () => ts.dispose());

  it('every response carries nosniff, no-referrer and a CSP that forbids framing and inline scripts', async () => {
    const ev = await createTestEvent(ts.url);
    for (const path of ['/healthz', `/api/boards/${ev.boardId}?t=${ev.tokens.audience}`, '/api/nothing', `/b/${ev.boardId}/view?t=wrong`, '/no-such-page', '/metrics']) {
      const res = await fetch(ts.url + path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("unsafe-inline' 'self'; script");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
  });

  it('creating events is limited per IP: past LIMIT_EVENTS_PER_MINUTE_PER_IP a clear 429', async () => {
    let status = 201;
    for (let i = 0; i < 5 && status === 201; i++) {
      const res = await fetch(`${ts.url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Event ${i}`, date: '2026-11-27', place: 'Brno', template: 'blank', lang: 'cs' })
      });
      status = res.status;
      if (status === 429) expect(await res.json()).toMatchObject({ ok: false, reason: 'rate-limited', message: expect.stringContaining('per minute') });
    }
    expect(status).toBe(429);
  });

  it('GET /metrics exposes connections per role, messages, rejections and append latency in Prometheus format', async () => {
    const res = await fetch(`${ts.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of [
      'panel_board_connections',
      'panel_board_messages_in_total',
      'panel_board_messages_out_total',
      'panel_board_rejected_total',
      'panel_board_persist_append_seconds_bucket',
      'panel_board_redis_up'
    ])
      expect(text).toContain(name);
    expect(text).toMatch(/panel_board_rejected_total\{reason="event-creation-rate"\} [1-9]/);
    expect(text).toMatch(/^panel_board_redis_up -1$/m); // embedded mode: no Redis
  });
});

describe('/metrics is never public by accident (METRICS_TOKEN, METRICS_PORT)', () => {
  it('without METRICS_TOKEN or METRICS_PORT the main port does not serve it: 404', async () => {
    const ts = await startTestServer();
    try {
      expect((await fetch(`${ts.url}/metrics`)).status).toBe(404);
    } finally {
      await ts.dispose();
    }
  });

  it('with METRICS_TOKEN it needs that bearer token: none or a wrong one is 401', async () => {
    const ts = await startTestServer({ env: { METRICS_TOKEN } });
    try {
      const none = await fetch(`${ts.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await none.text()).not.toContain('panel_board_');
      expect((await fetch(`${ts.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
      expect((await fetch(`${ts.url}/metrics`, { headers: { authorization: METRICS_TOKEN } })).status).toBe(401);
      const ok = await fetch(`${ts.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/panel_board_rejected_total\{reason="metrics-unauthorized"\} 3/);
    } finally {
      await ts.dispose();
    }
  });

  it('with METRICS_PORT it is served on that port only (with the token, if one is set), never on the main port', async () => {
    const { loadConfig } = await import('../../server/app/config.js');
    const { createServer } = await import('../../server/app/main.js');
    const server = createServer({ config: loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE: 'memory', LOG_LEVEL: 'silent', METRICS_PORT: '0', METRICS_TOKEN }), app: null });
    const { url, metricsPort } = await server.listen();
    try {
      expect(metricsPort).toEqual(expect.any(Number));
      const main = url.replace('localhost', '127.0.0.1');
      expect((await fetch(`${main}/metrics`)).status).toBe(404);
      expect((await fetch(`${main}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
      const metricsUrl = `http://127.0.0.1:${metricsPort}`;
      expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
      const ok = await fetch(`${metricsUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('panel_board_connections');
      expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('HSTS when PUBLIC_URL is https', () => {
  it('https PUBLIC_URL: every response carries strict-transport-security; http: none', async () => {
    const https = await startTestServer({ env: { PUBLIC_URL: 'https://board.example.org' } });
    const http = await startTestServer({ env: { PUBLIC_URL: 'http://board.example.org' } });
    try {
      for (const path of ['/healthz', '/api/nothing', '/b/x/view', '/no-such-page']) {
        expect((await fetch(https.url + path)).headers.get('strict-transport-security'), path).toBe('max-age=15552000; includeSubDomains');
        expect((await fetch(http.url + path)).headers.get('strict-transport-security'), path).toBeNull();
      }
    } finally {
      await https.dispose();
      await http.dispose();
    }
  });
});
