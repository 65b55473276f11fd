/**
 * Join-code enumeration (issue 13, finding 10): lookups are limited per address, misses much
 * more, and the wait grows when misses go on (server/events/identity-routes.ts). A hall
 * behind one address, with a few typos, still gets in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET } from '../../src/lib/protocol/join-code.js';
import { httpFrom, type Reply } from '../helpers/http-from.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';

/** A code that is well-formed but (almost surely) not any board's. */
const randomCode = (): string => Array.from({ length: 6 }, () => JOIN_CODE_ALPHABET[Math.floor(Math.random() * JOIN_CODE_ALPHABET.length)]).join('');

const lookup = (ts: TestServer, code: string, localAddress = '127.0.0.1'): Promise<Reply> => httpFrom(`${ts.url}/api/join/${code}`, { localAddress });

describe('join codes', () => {
  let ts: TestServer | null = null;
  afterEach(async () => {
    await ts?.dispose();
    ts = null;
  });

  it('guessing from one address is refused after the miss budget (60), and then even the right code waits: a refusal tells nothing', async () => {
    ts = await startTestServer();
    const ev = await createTestEvent(ts.url);
    const code = ev.response.boards[0].joinCode;
    const guesses: number[] = [];
    for (let batch = 0; batch < 10; batch++) guesses.push(...(await Promise.all(Array.from({ length: 50 }, () => lookup(ts!, randomCode())))).map((r) => r.status));
    // Main answered every one of 9,000-12,000 guesses a second; now at most the budget (plus its refill) gets an answer.
    expect(guesses.filter((s) => s === 404).length).toBeLessThanOrEqual(60 + 10);
    expect(guesses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(400);
    const right = await lookup(ts, code);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(right.json).toMatchObject({ ok: false, reason: 'rate-limited' });
    // Another address joins at once.
    expect((await lookup(ts, code, '127.0.0.2')).status).toBe(200);
  });

  it("the projector's QR code carries a join ticket: scanning it joins even after a guesser on the same address spent the miss budget; a forged ticket is a guess", async () => {
    ts = await startTestServer();
    const ev = await createTestEvent(ts.url);
    const board = ev.response.boards[0];
    const session = await httpFrom(`${ts.url}/api/boards/${board.id}?t=${ev.response.links[board.id].projector.split('t=')[1]}`, {});
    const joinUrl = new URL((session.json as { joinUrl: string }).joinUrl);
    expect(joinUrl.pathname).toBe(`/join/${board.joinCode}`);
    const ticket = joinUrl.searchParams.get('s');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{12}$/);
    for (let batch = 0; batch < 2; batch++) await Promise.all(Array.from({ length: 50 }, () => lookup(ts!, randomCode())));
    expect((await lookup(ts, board.joinCode)).status).toBe(429);
    // The scanned QR code gets in at once, again and again (a hall of phones behind this address).
    const scans = await Promise.all(Array.from({ length: 20 }, () => lookup(ts!, `${board.joinCode}?s=${ticket}`)));
    expect(scans.map((r) => r.status)).toEqual(Array(20).fill(200));
    // A ticket is bound to its code, and a forged one counts as a guess.
    const forged = `${ticket!.slice(0, 11)}${ticket!.endsWith('A') ? 'B' : 'A'}`;
    expect((await lookup(ts, `${board.joinCode}?s=${forged}`)).status).toBe(429);
    expect((await lookup(ts, `${randomCode()}?s=${ticket}`)).status).toBe(429);
  });

  it('scanning the QR code is charged to no address budget: after a script spent the lookup budget, and while it hammers ticketed lookups, every scan still joins', async () => {
    ts = await startTestServer({ env: { LIMIT_JOIN_LOOKUPS_PER_MINUTE_PER_IP: '30' } });
    const ev = await createTestEvent(ts.url);
    const board = ev.response.boards[0];
    const session = await httpFrom(`${ts.url}/api/boards/${board.id}?t=${ev.tokens.projector}`, {});
    const ticket = new URL((session.json as { joinUrl: string }).joinUrl).searchParams.get('s');
    const plain = await Promise.all(Array.from({ length: 40 }, () => lookup(ts!, board.joinCode)));
    expect(plain.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(10);
    const scans = await Promise.all(Array.from({ length: 100 }, () => lookup(ts!, `${board.joinCode}?s=${ticket}`)));
    expect(scans.map((r) => r.status)).toEqual(Array(100).fill(200));
  });

  it('a hall behind one address: 1,500 phones join within a minute, with 40 typos among them', async () => {
    ts = await startTestServer();
    const ev = await createTestEvent(ts.url);
    const code = ev.response.boards[0].joinCode;
    const statuses: number[] = [];
    for (let batch = 0; batch < 15; batch++) {
      const typos = batch < 10 ? Array.from({ length: 4 }, () => lookup(ts!, randomCode())) : [];
      const joins = Array.from({ length: 100 }, () => lookup(ts!, batch % 2 ? code.toLowerCase() : code));
      statuses.push(...(await Promise.all(joins)).map((r) => r.status));
      await Promise.all(typos);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(1500);
  });

  it('the hall rejoins after its audience link is replaced (issue 18): 1,500 phones that typed the code exchange it again at once, with the ticket each was given, on a lookup budget they already spent most of', async () => {
    ts = await startTestServer({ env: { LIMIT_JOIN_LOOKUPS_PER_MINUTE_PER_IP: '1600' } });
    const ev = await createTestEvent(ts.url);
    const code = ev.response.boards[0].joinCode;
    const hall = async (path: string): Promise<Reply[]> => {
      const replies: Reply[] = [];
      for (let batch = 0; batch < 15; batch++) replies.push(...(await Promise.all(Array.from({ length: 100 }, () => lookup(ts!, path)))));
      return replies;
    };
    const joined = await hall(code);
    expect(joined.filter((r) => r.status === 200)).toHaveLength(1500);
    const tickets = new Set(joined.map((r) => (r.json as { ticket: string }).ticket));
    expect(tickets.size).toBe(1);
    const rotated = await httpFrom(`${ts.url}/api/events/${ev.response.eventId}/tokens/audience/rotate?t=${ev.tokens.moderator}`, { method: 'POST' });
    expect(rotated.status).toBe(200);
    const rejoined = await hall(`${code}?s=${[...tickets][0]}`);
    expect(rejoined.filter((r) => r.status === 200)).toHaveLength(1500);
    const tokens = new Set(rejoined.map((r) => new URL((r.json as { url: string }).url).searchParams.get('t')));
    expect([...tokens]).toHaveLength(1);
    expect(tokens.has(ev.tokens.audience)).toBe(false);
    // Typed again instead, the same hall would not all get in: the address's lookup budget is nearly spent.
    expect((await hall(code)).filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('the wait grows: past the hour budget a miss waits many minutes, not seconds', async () => {
    ts = await startTestServer({ env: { LIMIT_JOIN_MISSES_PER_MINUTE_PER_IP: '4', LIMIT_JOIN_MISSES_PER_HOUR_PER_IP: '5' } });
    const misses: Reply[] = [];
    for (let i = 0; i < 5; i++) misses.push(await lookup(ts, randomCode()));
    expect(misses.slice(0, 4).map((r) => r.status)).toEqual([404, 404, 404, 404]);
    // The minute stage: 15 s (60 s / 4).
    expect(misses[4].status).toBe(429);
    const minuteWait = Number(misses[4].headers['retry-after']);
    expect(minuteWait).toBeGreaterThanOrEqual(1);
    expect(minuteWait).toBeLessThanOrEqual(16);
    await new Promise((r) => setTimeout(r, minuteWait * 1000));
    expect((await lookup(ts, randomCode())).status).toBe(404);
    // The hour stage is spent now: 3600 s / 5 = 720 s for the next miss.
    const refused = await lookup(ts, randomCode());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(300);
  }, 40_000);
});
