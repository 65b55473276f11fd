/**
 * Nothing acknowledged is lost (issue 14, point 4), embedded mode: the data directory sits on a
 * small tmpfs that the test fills mid-session, with real clients connected. The card typed while
 * the disk is full reaches no other client and the moderator's action is not acknowledged until
 * the disk has room again; /healthz says degraded meanwhile; afterwards the card reaches everyone
 * and survives a restart.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import type * as Y from 'yjs';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, openRaw } from '../../support/yjs-clients.js';

const TMPFS_MB = 24;

function mountTmpfs(dir: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_MB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`This test fills a small tmpfs and needs to mount one: run it as root (mount -t tmpfs needs CAP_SYS_ADMIN). ${String(err)}`, { cause: err });
  }
}

/** Writes a filler file until the file system is full; returns its path. */
async function fillDisk(dir: string): Promise<string> {
  const path = join(dir, 'filler');
  const file = await open(path, 'w');
  const chunk = Buffer.alloc(256 * 1024, 1);
  try {
    for (;;) await file.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await file.close();
  }
  // Bytes left over in the last partial block go too.
  const small = await open(join(dir, 'filler-tail'), 'w');
  try {
    for (;;) await small.write(Buffer.alloc(512, 1));
  } catch {
    /* full */
  } finally {
    await small.close();
  }
  return path;
}

const cardTexts = (doc: Y.Doc): string[] => readBoard(doc).cards.map((c) => c.text);

describe('a full disk in the middle of a session (embedded SQLite)', () => {
  let mnt: string;
  let mounted = false;
  let ts: TestServer;
  beforeAll(async () => {
    mnt = await mkdtemp(join(tmpdir(), 'pb-tmpfs-'));
    mountTmpfs(mnt);
    mounted = true;
    // The tmpfs is tiny: the free-space floor (LIMIT_MIN_FREE_DISK_BYTES) is not what this test is about.
    ts = await startTestServer({ dataDir: join(mnt, 'data'), env: { LIMIT_MIN_FREE_DISK_BYTES: '0' } });
  });
  afterAll(async () => {
    await ts?.stop();
    if (mounted) execFileSync('umount', [mnt]);
    await rm(mnt, { recursive: true, force: true });
  });

  it('the card typed while appends fail reaches nobody and no ack says it is stored; once the disk has room it reaches everyone and survives a restart', async () => {
    const ev = await createTestEvent(ts.url);
    const writer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const other = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const audience = openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience);
    await waitFor(() => audience.synced(), 'the audience to sync');
    const moderator = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    const key = participantKey(ev.boardId, writer.deviceId);
    const card = (text: string) => addCard(writer.doc, { kind: 'pitfall', text, orgId: null, author: 'W', authorKey: key, topicId: null }, LOCAL);
    const before = card('stored before the disk filled');
    await waitFor(() => cardTexts(other.doc).includes('stored before the disk filled'), 'the first card to reach the other panelist');

    const FULL = 'typed while the disk was full';
    let seenAt = 0;
    other.doc.on('update', () => (seenAt ||= cardTexts(other.doc).includes(FULL) ? Date.now() : 0));
    const filler = await fillDisk(mnt);
    card(FULL);
    let acked = false;
    const hide = call(moderator, 'card:hide', { cardId: before, hidden: true }).then((r) => ((acked = true), r));

    const health = async () => {
      const res = await fetch(`${ts.url}/healthz`);
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
    };
    await waitFor(async () => (await health()).status === 503, '/healthz to report degraded while appends fail');
    expect((await health()).body).toMatchObject({ status: 'degraded', checks: { appends: 'down' } });
    await new Promise((r) => setTimeout(r, 1500)); // several retries
    expect(seenAt).toBe(0);
    expect(cardTexts(other.doc)).not.toContain(FULL);
    expect(cardTexts(audience.doc)).not.toContain(FULL);
    expect(readBoard(audience.doc).cards.map((c) => c.id)).toContain(before); // the hide is not out either
    expect(acked).toBe(false);

    const restoredAt = Date.now();
    await rm(filler);
    await rm(join(mnt, 'filler-tail'));
    expect(await hide).toEqual({ ok: true });
    await waitFor(() => cardTexts(other.doc).includes(FULL), 'the card to reach the other panelist once stored');
    await waitFor(() => cardTexts(audience.doc).includes(FULL) && !readBoard(audience.doc).cards.some((c) => c.id === before), 'the audience to get the card and the hide');
    expect(seenAt).toBeGreaterThanOrEqual(restoredAt);
    await waitFor(async () => (await health()).status === 200, '/healthz to be ok again');

    moderator.close();
    for (const c of [writer, other]) c.destroy();
    audience.close();
    await ts.stop();
    ts = await ts.restart();
    const fresh = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator);
    expect(cardTexts(fresh.doc)).toContain(FULL);
    expect(readBoard(fresh.doc).cards.find((c) => c.id === before)?.hidden).toBe(true);
    fresh.destroy();
  });
});
