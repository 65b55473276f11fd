/** Session replay and restore: checkpoints while the board changes, the board at a moment, restore and its undo. */
import { describe, expect, it } from 'vitest';
import { addCard, LOCAL, readBoard, setHidden } from '../../../src/lib/board/index.js';
import type { BoardContent } from '../../../src/lib/board/content.js';
import { createTestEvent, publishOutputs, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { waitFor } from '../../../support/wait.js';
import { serverTest } from '../../fixtures.js';

let ts: TestServer;
let ev: TestEvent;
const history = (token = ev.tokens.moderator) => `${ts.url}/api/boards/${ev.boardId}/history?t=${token}`;
const times = async (): Promise<number[]> => ((await (await fetch(history())).json()) as { times: number[] }).times;
const at = async (t: number, token = ev.tokens.moderator): Promise<BoardContent> =>
  ((await (await fetch(`${ts.url}/api/boards/${ev.boardId}/history/${t}?t=${token}`)).json()) as { content: BoardContent }).content;
const restore = (t: number, token = ev.tokens.moderator) =>
  fetch(`${ts.url}/api/boards/${ev.boardId}/restore?t=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at: t }) });
const liveTexts = () => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.map((c) => c.text));
const publicTexts = () => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.public.doc).cards.map((c) => c.text));

async function addAndCheckpoint(text: string, hidden = false): Promise<number> {
  const before = (await times()).length;
  const handle = await ts.server.registry.acquire(ev.boardId);
  try {
    const s = readBoard(handle.full.doc);
    const id = addCard(handle.full.doc, { kind: 'proposal', text, orgId: null, author: '', authorKey: 'k', topicId: s.topics[0].id }, LOCAL);
    if (hidden) setHidden(handle.full.doc, id, true, LOCAL);
    return waitFor(async () => {
      const list = await times();
      return list.length > before ? list.at(-1) : null;
    }, 'a checkpoint');
  } finally {
    handle.release();
  }
}

let t1 = 0;
let t2 = 0;

serverTest.override('serverOptions', { env: { LIMIT_CHECKPOINT_INTERVAL_MS: '20' } });

serverTest.beforeAll(async ({ server }) => {
  ts = server;
  ev = await createTestEvent(ts.url);
  t1 = await addAndCheckpoint('První karta – před přestávkou');
  t2 = await addAndCheckpoint('Druhá karta – po přestávce');
  await addAndCheckpoint('Skrytá karta v historii', true);
});

describe('session replay', () => {
  it('records checkpoints as the board changes and shows the board as it was at each', async () => {
    expect((await at(t1)).cards.map((c) => c.text)).toEqual(['První karta – před přestávkou']);
    expect((await at(t2)).cards.map((c) => c.text)).toEqual(['První karta – před přestávkou', 'Druhá karta – po přestávce']);
  });

  it('shows hidden cards to the moderator only, and to nobody before publishing', async () => {
    const last = (await times()).at(-1)!;
    expect((await at(last)).cards.some((c) => c.hidden)).toBe(true);
    expect((await fetch(history(ev.tokens.audience))).status).toBe(403);
    await publishOutputs(ts.url, ev);
    const pub = await at(last, '');
    expect(pub.cards.map((c) => c.text)).not.toContain('Skrytá karta v historii');
  });
});

describe('restore', () => {
  it('brings the live board back to a moment, as a new change, and can be undone', async () => {
    const res = await restore(t1);
    expect(res.status).toBe(200);
    const { undoAt, restoredAt } = (await res.json()) as { undoAt: number; restoredAt: number };
    expect(await liveTexts()).toEqual(['První karta – před přestávkou']);
    expect(await publicTexts()).toEqual(['První karta – před přestávkou']);
    expect(undoAt).toBeLessThan(restoredAt);
    expect(await times()).toEqual(expect.arrayContaining([undoAt, restoredAt]));
    expect((await at(restoredAt)).cards.map((c) => c.text)).toEqual(['První karta – před přestávkou']);
    expect((await restore(undoAt)).status).toBe(200);
    expect((await liveTexts()).sort()).toEqual(['Druhá karta – po přestávce', 'První karta – před přestávkou', 'Skrytá karta v historii']);
    expect(await publicTexts()).not.toContain('Skrytá karta v historii');
  });

  it('is moderator-only and needs a known moment', async () => {
    expect((await restore(t1, ev.tokens.panelist)).status).toBe(403);
    expect((await restore(12345)).status).toBe(404);
  });
});
