import { describe, expect, it } from 'vitest';
import type { BoardInfo, BoardSession, EventSession, Health, JoinResult } from '../../src/lib/protocol/api.js';
import { createTestEvent, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { serverTest } from '../fixtures.js';

const post = (url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(url, { method: 'POST', headers, body });

describe('HTTP API (docs/protocol.md §3)', () => {
  let ts: TestServer;
  let ev: TestEvent;

  serverTest.beforeAll(async ({ server }) => {
    ts = server;
    ev = await createTestEvent(ts.url, { workshops: ['Housing workshop'] });
  });

  it('POST /api/events creates the main board and workshops with role links for every board', () => {
    const { response } = ev;
    expect(response.boards.map((b) => b.kind)).toEqual(['main', 'workshop']);
    for (const b of response.boards) {
      expect(b.joinCode).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
      const links = response.links[b.id];
      expect(links.moderator).toMatch(new RegExp(`^${ts.server.publicUrl()}/b/${b.id}/moderate\\?t=[A-Za-z0-9_-]{22}$`));
      expect(links.panelist).toContain(`/b/${b.id}/panel?t=`);
      expect(links.audience).toContain(`/b/${b.id}/view?t=`);
      expect(links.projector).toContain(`/b/${b.id}/projector?t=`);
    }
    expect(new Set(Object.values(ev.tokens)).size).toBe(4);
  });

  it('garbage, wrong shapes and oversized bodies get 400/413 with an error body, never a crash', async () => {
    const cases: Array<[string, number]> = [
      ['not json', 400],
      ['', 400],
      ['[]', 400],
      ['{"title": 5}', 400],
      [JSON.stringify({ title: 'x', date: 'yesterday', place: 'p' }), 400],
      [JSON.stringify({ title: 'x', date: '2026-11-27', place: 'p', extra: 1 }), 400],
      [JSON.stringify({ title: 'x'.repeat(70_000) }), 413]
    ];
    for (const [body, status] of cases) {
      const res = await post(`${ts.url}/api/events`, body);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ ok: false, reason: 'invalid-payload' });
    }
    expect((await fetch(`${ts.url}/api/events`)).status).toBe(405);
    expect((await fetch(`${ts.url}/api/nothing-here`)).status).toBe(404);
    expect((await fetch(`${ts.url}/healthz`)).status).toBe(200);
  });

  it('GET /api/boards/:id gives a BoardSession; links only for the moderator', async () => {
    const mod = (await (await fetch(`${ts.url}/api/boards/${ev.boardId}?t=${ev.tokens.moderator}`)).json()) as BoardSession;
    expect(mod.role).toBe('moderator');
    expect(mod.board.id).toBe(ev.boardId);
    expect(mod.boards).toHaveLength(2);
    expect(mod.links?.[ev.boardId].audience).toBe(ev.response.links[ev.boardId].audience);
    expect(mod.publicUrl).toBe(ts.server.publicUrl());
    for (const role of ['panelist', 'audience', 'projector'] as const) {
      const s = (await (await fetch(`${ts.url}/api/boards/${ev.boardId}?t=${ev.tokens[role]}`)).json()) as BoardSession;
      expect(s.role).toBe(role);
      expect(s.links).toBeNull();
      expect(JSON.stringify(s)).not.toContain(ev.tokens.moderator);
    }
    expect((await fetch(`${ts.url}/api/boards/unknown?t=${ev.tokens.moderator}`)).status).toBe(404);
  });

  it('GET /api/events/:id and POST /api/events/:id/boards (moderator only)', async () => {
    const eventId = ev.response.eventId;
    const session = (await (await fetch(`${ts.url}/api/events/${eventId}?t=${ev.tokens.panelist}`)).json()) as EventSession;
    expect(session).toMatchObject({ role: 'panelist', links: null });
    const forbidden = await post(`${ts.url}/api/events/${eventId}/boards?t=${ev.tokens.panelist}`, JSON.stringify({ title: 'W2' }));
    expect(forbidden.status).toBe(403);
    const unauthorized = await post(`${ts.url}/api/events/${eventId}/boards?t=bad`, JSON.stringify({ title: 'W2' }));
    expect(unauthorized.status).toBe(401);
    const created = await post(`${ts.url}/api/events/${eventId}/boards?t=${ev.tokens.moderator}`, JSON.stringify({ title: 'Work workshop' }));
    expect(created.status).toBe(201);
    const board = (await created.json()) as BoardInfo;
    expect(board).toMatchObject({ eventId, kind: 'workshop', title: 'Work workshop' });
    const after = (await (await fetch(`${ts.url}/api/events/${eventId}?t=${ev.tokens.moderator}`)).json()) as EventSession;
    expect(after.boards.map((b) => b.id)).toContain(board.id);
    expect(after.links?.[board.id].projector).toContain(`/b/${board.id}/projector?t=${ev.tokens.projector}`);
  });

  it('GET /api/join/:code gives the audience link; /healthz reports health', async () => {
    const board = ev.response.boards[0];
    const join = (await (await fetch(`${ts.url}/api/join/${board.joinCode.toLowerCase()}`)).json()) as JoinResult;
    // With the code and its ticket: the phone keeps them to rejoin when the link is replaced (issue 18).
    expect(join).toEqual({ boardId: board.id, url: ev.response.links[board.id].audience, code: board.joinCode, ticket: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
    expect((await fetch(`${ts.url}/api/join/ZZZZZZ`)).status).toBe(404);
    const health = (await (await fetch(`${ts.url}/healthz`)).json()) as Health;
    expect(health).toMatchObject({ status: 'ok', checks: { store: 'ok' } });
  });
});
