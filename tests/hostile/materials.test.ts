/**
 * Material uploads from a hostile moderator (anyone can create an event): a zip bomb in the
 * type check, upload floods per address and per event. docs/security.md §4.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { mimetypeBomb, storedEntry, zipOf } from '../helpers/zip-bomb.js';

/** Largest gap between ticks of a 10 ms timer while `work` runs: how long the loop was blocked. */
async function worstLoopGap<T>(work: () => Promise<T>): Promise<{ result: T; gapMs: number }> {
  let last = performance.now();
  let gapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gapMs = Math.max(gapMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, gapMs };
  } finally {
    clearInterval(timer);
  }
}

describe('the material type check', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(() => ts.dispose());

  it('refuses a 2 MB mimetype bomb (2 GB inflated) at once, the loop never blocked 1 s, /healthz answering', async () => {
    const bomb = mimetypeBomb(2 * 1024 ** 3);
    expect(bomb.length).toBeGreaterThan(1.5 * 1024 ** 2);
    const ev = await createTestEvent(ts.url);
    const started = performance.now();
    const healthTimes: number[] = [];
    const { result, gapMs } = await worstLoopGap(async () => {
      const upload = fetch(`${ts.url}/api/events/${ev.response.eventId}/materials?t=${ev.tokens.moderator}&name=x.odt`, { method: 'POST', body: new Uint8Array(bomb) });
      let settled = false;
      void upload.finally(() => (settled = true));
      while (!settled) {
        const t = performance.now();
        await fetch(`${ts.url}/healthz`);
        healthTimes.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      return upload;
    });
    expect(result.status).toBe(415);
    // Wide bounds (main: the loop stalled for seconds); the exact figures go to the bench.
    expect(gapMs).toBeLessThan(1000);
    expect(Math.max(...healthTimes)).toBeLessThan(1000);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('still recognises an ODF file whose mimetype entry is stored, even behind a zip with many entries', async () => {
    const ev = await createTestEvent(ts.url);
    const entries = [storedEntry('mimetype', 'application/vnd.oasis.opendocument.text'), ...Array.from({ length: 20_000 }, (_, i) => storedEntry(`f/${i}.xml`, 'x'))];
    const body = new Uint8Array(zipOf(entries));
    const { result, gapMs } = await worstLoopGap(() =>
      fetch(`${ts.url}/api/events/${ev.response.eventId}/materials?t=${ev.tokens.moderator}&name=many.odt`, { method: 'POST', body })
    );
    expect([201, 415]).toContain(result.status);
    expect(gapMs).toBeLessThan(1000);
  });
});

/** A PDF (by its signature) of `bytes` bytes. */
function PDF(bytes: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes).fill(0x20);
  out.set(Buffer.from('%PDF-1.4\n'));
  return out;
}

/** POSTs from a given local address (loopback aliases), so per-address limits see another client. */
function uploadFrom(localAddress: string, url: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('upload limits (named limiters: per address, per event)', () => {
  let ts: TestServer;
  afterAll(() => ts?.dispose());
  const upload = (eventId: string, token: string) => fetch(`${ts.url}/api/events/${eventId}/materials?t=${token}&name=a.pdf`, { method: 'POST', body: PDF(2000) });

  it('refuses the uploads of one address past its rate, whichever event they go to, with Retry-After', async () => {
    ts = await startTestServer({ env: { LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_ADDRESS: '3', LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_EVENT: '100' } });
    const [e1, e2] = [await createTestEvent(ts.url), await createTestEvent(ts.url)];
    const statuses = [];
    for (const ev of [e1, e2, e1]) statuses.push((await upload(ev.response.eventId, ev.tokens.moderator)).status);
    expect(statuses).toEqual([201, 201, 201]);
    const refused = await upload(e2.response.eventId, e2.tokens.moderator);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { reason: string }).reason).toBe('rate-limited');
    // Another address (another organiser) is not held back.
    expect(await uploadFrom('127.0.0.2', `${ts.url}/api/events/${e2.response.eventId}/materials?t=${e2.tokens.moderator}&name=b.pdf`, PDF(2000))).toBe(201);
  });

  it('refuses the uploads into one event past its rate, while other events still take theirs', async () => {
    await ts?.dispose();
    ts = await startTestServer({ env: { LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_ADDRESS: '100', LIMIT_MATERIAL_UPLOADS_PER_MINUTE_PER_EVENT: '2' } });
    const [e1, e2] = [await createTestEvent(ts.url), await createTestEvent(ts.url)];
    expect((await upload(e1.response.eventId, e1.tokens.moderator)).status).toBe(201);
    expect((await upload(e1.response.eventId, e1.tokens.moderator)).status).toBe(201);
    expect((await upload(e1.response.eventId, e1.tokens.moderator)).status).toBe(429);
    expect((await upload(e2.response.eventId, e2.tokens.moderator)).status).toBe(201);
  });

  it('counts the bytes one address uploads per day across all its events, so no address fills the shared storage; a refused or smaller upload is given back', async () => {
    await ts?.dispose();
    ts = await startTestServer({ env: { LIMIT_MATERIAL_BYTES_PER_DAY_PER_ADDRESS: String(10_000) } });
    const [e1, e2] = [await createTestEvent(ts.url), await createTestEvent(ts.url)];
    expect((await upload(e1.response.eventId, e1.tokens.moderator)).status).toBe(201);
    expect((await upload(e2.response.eventId, e2.tokens.moderator)).status).toBe(201);
    // A type the server refuses costs nothing of the budget.
    const junk = await fetch(`${ts.url}/api/events/${e1.response.eventId}/materials?t=${e1.tokens.moderator}&name=a.exe`, { method: 'POST', body: new Uint8Array(3000).fill(7) });
    expect(junk.status).toBe(415);
    for (let i = 0; i < 3; i++) expect((await upload(e1.response.eventId, e1.tokens.moderator)).status).toBe(201);
    const refused = await upload(e2.response.eventId, e2.tokens.moderator);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { message: string }).message).toMatch(/today/);
    expect(await uploadFrom('127.0.0.2', `${ts.url}/api/events/${e2.response.eventId}/materials?t=${e2.tokens.moderator}&name=b.pdf`, PDF(2000))).toBe(201);
  });
});
