/**
 * Retention and purge with the SQLite store (docs/privacy.md §6). With a retention period of one
 * second (LIMIT_DEFAULT_RETENTION_SECONDS), the sweep erases the whole event: its documents, the
 * queue, the history, the material, the publication, the tokens and join codes. Afterwards no
 * file under DATA_DIR (the database, its WAL, the materials) holds any of its texts or ids; open
 * connections were closed with 4409 and a request for it gets 404. The moderator's "delete now"
 * does the same at once, after the title is typed again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { filesUnder, occurrences } from '../helpers/byte-scan.js';
import { seedEvent, TITLE, type SeededEvent } from '../helpers/purge-fixture.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openRaw } from '../../support/yjs-clients.js';

const ENV = { LIMIT_CHECKPOINT_INTERVAL_MS: '20', LIMIT_PURGE_GRACE_MS: '0' };

describe('retention: the sweep erases an event whose period has ended (SQLite)', () => {
  let ts: TestServer;
  let seeded: SeededEvent;

  beforeAll(async () => {
    // The sweep runs when the test says (sweepRetention), so the event cannot go while it is seeded.
    ts = await startTestServer({ env: { ...ENV, LIMIT_DEFAULT_RETENTION_SECONDS: '1', LIMIT_RETENTION_SWEEP_MS: '3600000' } });
    seeded = await seedEvent(ts);
  });
  afterAll(async () => {
    seeded?.panelist.destroy();
    await ts?.dispose();
  });

  it('before the sweep, the scan finds every text and id in the files under DATA_DIR', async () => {
    const found = occurrences(await filesUnder(ts.dataDir), seeded.needles);
    for (const needle of seeded.needles)
      expect(
        found.some((f) => f.endsWith(`: ${needle}`)),
        `the scan finds ${needle}`
      ).toBe(true);
  });

  it('the sweep erases it: connections closed with 4409, 404 for its pages and API, and no file holds any of its texts or ids', async () => {
    const { ev, eventId } = seeded;
    await waitFor(async () => (await ts.server.events.expiredEvents(Date.now(), 10)).includes(eventId), 'the retention period to end');
    const watcher = openRaw(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    await waitFor(() => watcher.synced(), 'a connection to the board');
    expect(await ts.server.sweepRetention()).toBe(1);
    expect((await watcher.closed).code).toBe(CloseCode.EventDeleted);
    await waitFor(() => seeded.panelist.closeCodes.includes(CloseCode.EventDeleted), 'the panelist to be told');
    for (const path of [
      `/api/boards/${ev.boardId}?t=${ev.tokens.moderator}`,
      `/api/events/${eventId}?t=${ev.tokens.moderator}`,
      `/api/outputs/${eventId}`,
      `/api/boards/${ev.boardId}/export.json?t=${ev.tokens.moderator}`
    ])
      expect((await fetch(ts.url + path)).status, path).toBe(404);
    expect(occurrences(await filesUnder(ts.dataDir), seeded.needles)).toEqual([]);
    expect(ts.server.registry.isLoaded(ev.boardId)).toBe(false);
  });

  it('a second sweep finds nothing left to erase', async () => {
    expect(await ts.server.sweepRetention()).toBe(0);
  });
});

describe('the moderator deletes an event now (SQLite)', () => {
  let ts: TestServer;
  let seeded: SeededEvent;
  const del = (confirm: string, token = seeded.ev.tokens.moderator) =>
    fetch(`${ts.url}/api/events/${seeded.eventId}?t=${token}`, { method: 'DELETE', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ confirm }) });

  beforeAll(async () => {
    ts = await startTestServer({ env: ENV });
    seeded = await seedEvent(ts);
  });
  afterAll(async () => {
    seeded?.panelist.destroy();
    await ts?.dispose();
  });

  it('refuses without the event title typed again, and for any role but the moderator', async () => {
    expect((await del('Jiná akce')).status).toBe(400);
    expect((await del(TITLE, seeded.ev.tokens.panelist)).status).toBe(403);
    expect((await del(TITLE, 'nope')).status).toBe(401);
    expect(occurrences(await filesUnder(ts.dataDir), seeded.needles).length).toBeGreaterThan(0);
  });

  it('with the title, erases everything of the event at once', async () => {
    const res = await del(`  ${TITLE.toUpperCase()} `);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: true });
    expect(occurrences(await filesUnder(ts.dataDir), seeded.needles)).toEqual([]);
    expect((await del(TITLE)).status).toBe(404);
  });
});

describe('retention settings (PUT /api/events/:id/privacy)', () => {
  let ts: TestServer;
  let seeded: SeededEvent;
  const put = (body: unknown, token = seeded.ev.tokens.moderator) =>
    fetch(`${ts.url}/api/events/${seeded.eventId}/privacy?t=${token}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ts = await startTestServer({ env: ENV });
    seeded = await seedEvent(ts);
  });
  afterAll(async () => {
    seeded?.panelist.destroy();
    await ts?.dispose();
  });

  it('a new event is kept until 12 months after its date by default, and every role reads the terms', async () => {
    const res = await fetch(`${ts.url}/api/boards/${seeded.ev.boardId}?t=${seeded.ev.tokens.audience}`);
    const body = (await res.json()) as { event: { privacy: { contact: string; retentionUntil: number } } };
    expect(body.event.privacy).toEqual({ contact: '', retentionUntil: Date.UTC(2027, 10, 28) });
  });

  it('the moderator sets the contact and the last day kept; past days, bad days and other roles are refused', async () => {
    const res = await put({ contact: 'Magistrát, oddělení integrace, integrace@praha.eu', retentionUntil: '2030-06-30' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { privacy: unknown }).privacy).toEqual({ contact: 'Magistrát, oddělení integrace, integrace@praha.eu', retentionUntil: Date.UTC(2030, 6, 1) });
    expect((await put({ retentionUntil: '2020-01-01' })).status).toBe(400);
    expect((await put({ retentionUntil: '2030-02-30' })).status).toBe(400);
    expect((await put({ retentionUntil: '2099-01-01' })).status).toBe(400);
    expect((await put({})).status).toBe(400);
    expect((await put({ contact: 'x' }, seeded.ev.tokens.panelist)).status).toBe(403);
    expect((await ts.server.events.getEvent(seeded.eventId))?.retentionUntil).toBe(Date.UTC(2030, 6, 1));
  });
});
