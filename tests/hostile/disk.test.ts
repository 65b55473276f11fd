/**
 * Disk exhaustion by a hostile moderator (anyone can create an event): the event quota is
 * reserved before an upload streams, a DATA_DIR budget and a free-space floor refuse writes with
 * 507 before the disk fills, and boards per event and events per address are counted.
 * docs/security.md §4.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bigBoardExport } from '../../bench/scenarios/pdf-export.js';
import type { MaterialRecord } from '../../server/outputs/materials/material-store.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';

/** A PDF (by its signature) of `bytes` bytes. */
function PDF(bytes: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes).fill(0x20);
  out.set(Buffer.from('%PDF-1.4\n'));
  return out;
}
const KB = 1024;

let ts: TestServer | null = null;
afterEach(async () => {
  await ts?.dispose();
  ts = null;
});

const start = async (env: Record<string, string>): Promise<TestServer> => (ts = await startTestServer({ env }));
const materialsUrl = (s: TestServer, ev: TestEvent) => `${s.url}/api/events/${ev.response.eventId}/materials?t=${ev.tokens.moderator}`;

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await bytesUnder(p) : (await stat(p)).size;
  }
  return total;
}

describe('the event material quota is reserved, not just checked', () => {
  it('eight concurrent uploads store at most the quota (declared lengths)', async () => {
    const s = await start({ LIMIT_MAX_EVENT_MATERIAL_BYTES: String(1024 * KB), LIMIT_MAX_MATERIAL_BYTES: String(600 * KB) });
    const ev = await createTestEvent(s.url);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => fetch(`${materialsUrl(s, ev)}&name=f${i}.pdf`, { method: 'POST', body: PDF(500 * KB) })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(2);
    expect(results.every((r) => r.status === 201 || r.status === 413)).toBe(true);
    const list = ((await (await fetch(materialsUrl(s, ev))).json()) as { materials: MaterialRecord[] }).materials;
    expect(list.reduce((sum, m) => sum + m.size, 0)).toBeLessThanOrEqual(1024 * KB);
    expect(await bytesUnder(join(s.dataDir, 'materials'))).toBeLessThanOrEqual(1024 * KB);
  });

  it('eight concurrent streamed uploads (no Content-Length) store at most the quota', async () => {
    const s = await start({ LIMIT_MAX_EVENT_MATERIAL_BYTES: String(1024 * KB), LIMIT_MAX_MATERIAL_BYTES: String(600 * KB) });
    const ev = await createTestEvent(s.url);
    const streamed = (i: number) =>
      fetch(`${materialsUrl(s, ev)}&name=s${i}.pdf`, {
        method: 'POST',
        body: new ReadableStream({ start: (c) => (c.enqueue(PDF(500 * KB)), c.close()) }),
        duplex: 'half'
      } as RequestInit);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => streamed(i)));
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    const list = ((await (await fetch(materialsUrl(s, ev))).json()) as { materials: MaterialRecord[] }).materials;
    expect(list.reduce((sum, m) => sum + m.size, 0)).toBeLessThanOrEqual(1024 * KB);
    expect(await bytesUnder(join(s.dataDir, 'materials'))).toBeLessThanOrEqual(1024 * KB);
  });
});

describe('the DATA_DIR budget and the free-space floor', () => {
  it('refuses an upload that would pass the DATA_DIR budget with 507 and a JSON reason; a smaller one still fits', async () => {
    let s = await start({});
    const ev = await createTestEvent(s.url);
    await s.stop();
    const used = await bytesUnder(s.dataDir);
    s = ts = await s.restart();
    await s.stop();
    s = ts = await startTestServer({ dataDir: s.dataDir, env: { LIMIT_MAX_DATA_DIR_BYTES: String(used + 400 * KB) } });
    const big = await fetch(`${materialsUrl(s, ev)}&name=big.pdf`, { method: 'POST', body: PDF(600 * KB) });
    expect(big.status).toBe(507);
    const body = (await big.json()) as { ok: boolean; reason: string; message: string };
    expect(body).toMatchObject({ ok: false, reason: 'insufficient-storage' });
    expect(body.message).toMatch(/storage budget/);
    expect((await fetch(`${materialsUrl(s, ev)}&name=small.pdf`, { method: 'POST', body: PDF(10 * KB) })).status).toBe(201);
    expect(await bytesUnder(join(s.dataDir, 'materials'))).toBeLessThan(20 * KB);
  });

  it('refuses new events and boards once the budget is used up', async () => {
    const s = await start({ LIMIT_MAX_DATA_DIR_BYTES: '1' });
    const res = await fetch(`${s.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Full', date: '2026-11-27', place: 'Praha' })
    });
    expect(res.status).toBe(507);
    expect(((await res.json()) as { reason: string }).reason).toBe('insufficient-storage');
  });

  it('refuses writes that would leave the disk below its free-space floor', async () => {
    const s = await start({ LIMIT_MIN_FREE_DISK_BYTES: String(2 ** 52) });
    const res = await fetch(`${s.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Floor', date: '2026-11-27', place: 'Praha' })
    });
    expect(res.status).toBe(507);
    expect(((await res.json()) as { message: string }).message).toMatch(/disk is nearly full/);
  });
});

describe('counts: boards per event, events per address', () => {
  it('caps the boards of an event, also when many are added at once', async () => {
    const s = await start({ LIMIT_MAX_BOARDS_PER_EVENT: '3' });
    const add = (ev: TestEvent, title: string) =>
      fetch(`${s.url}/api/events/${ev.response.eventId}/boards?t=${ev.tokens.moderator}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title })
      });
    const ev = await createTestEvent(s.url, { workshops: ['W1'] });
    expect((await add(ev, 'W2')).status).toBe(201);
    const refused = await add(ev, 'W3');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { reason: string }).reason).toBe('limit-reached');

    const fresh = await createTestEvent(s.url);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => add(fresh, `B${i}`)));
    expect(burst.filter((r) => r.status === 201)).toHaveLength(2);
    const session = (await (await fetch(`${s.url}/api/events/${fresh.response.eventId}?t=${fresh.tokens.moderator}`)).json()) as { boards: unknown[] };
    expect(session.boards).toHaveLength(3);
    await expect(createTestEvent(s.url, { workshops: ['a', 'b', 'c'] })).rejects.toThrow(/409/);
  });

  it('an import is a board too: refused with 409 past the cap, and with 507 past the storage budget, leaving no documents behind', async () => {
    const s = await start({ LIMIT_MAX_BOARDS_PER_EVENT: '2' });
    const ev = await createTestEvent(s.url);
    const importBoard = () =>
      fetch(`${s.url}/api/events/${ev.response.eventId}/import?t=${ev.tokens.moderator}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bigBoardExport(5))
      });
    expect((await importBoard()).status).toBe(201);
    const refused = await importBoard();
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { reason: string }).reason).toBe('limit-reached');
    const session = (await (await fetch(`${s.url}/api/events/${ev.response.eventId}?t=${ev.tokens.moderator}`)).json()) as { boards: unknown[] };
    expect(session.boards).toHaveLength(2);
    await s.dispose();
    const tight = await start({ LIMIT_MAX_DATA_DIR_BYTES: String(1536 * 1024) });
    const ev2 = await createTestEvent(tight.url);
    const big = await fetch(`${tight.url}/api/events/${ev2.response.eventId}/import?t=${ev2.tokens.moderator}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bigBoardExport(2000))
    });
    expect(big.status).toBe(507);
  });

  it('counts the events one address creates per day, not only per minute', async () => {
    const s = await start({ LIMIT_EVENTS_PER_DAY_PER_ADDRESS: '3', LIMIT_EVENTS_PER_MINUTE_PER_IP: '100' });
    for (let i = 0; i < 3; i++) await createTestEvent(s.url);
    const res = await fetch(`${s.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'One more', date: '2026-11-27', place: 'Praha' })
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(60);
  });
});
