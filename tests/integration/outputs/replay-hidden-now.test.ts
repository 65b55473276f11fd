/**
 * The public replay leaves out every card and comment that is hidden now, at every checkpoint
 * (docs/privacy.md, issue 16 point 3): a card hidden after the moment a checkpoint recorded is
 * not readable there. Each response body is scanned for the text as sent, not parsed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment } from '../../../src/lib/board/comments.js';
import { addCard, LOCAL, readBoard, setHidden } from '../../../src/lib/board/index.js';
import { setCommentHidden } from '../../../src/lib/board/comments.js';
import { createTestEvent, publishOutputs, startTestServer, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { waitFor } from '../../../support/wait.js';

const CARD = 'Paní Dvořáková z OAMP, tel. 602 111 222';
const COMMENT = 'Volejte mi na 731 555 000';
const KEPT = 'Chybí tlumočníci na úřadech';
const KEPT_COMMENT = 'V Brně totéž';

let ts: TestServer;
let ev: TestEvent;
const times = async (): Promise<number[]> => ((await (await fetch(`${ts.url}/api/boards/${ev.boardId}/history?t=${ev.tokens.moderator}`)).json()) as { times: number[] }).times;
/** One at a time: the heavy-work pool takes two jobs per event. */
const body = async (at: number, token: string): Promise<string> => {
  const res = await fetch(`${ts.url}/api/boards/${ev.boardId}/history/${at}?t=${token}`);
  expect(res.status).toBe(200);
  return res.text();
};

async function bodies(list: readonly number[], token: string): Promise<string[]> {
  const out: string[] = [];
  for (const at of list) out.push(await body(at, token));
  return out;
}

/** Runs a change on the server's document and waits for the checkpoint it causes. */
async function changeAndCheckpoint(change: (doc: import('yjs').Doc) => void): Promise<void> {
  const before = (await times()).length;
  await ts.server.registry.withBoard(ev.boardId, (b) => change(b.full.doc));
  await waitFor(async () => (await times()).length > before, 'a checkpoint');
}

let cardId = '';
let commentId = '';
/** The checkpoint holding both cards and both comments, before anything was hidden. */
let before = 0;

beforeAll(async () => {
  ts = await startTestServer({ env: { LIMIT_CHECKPOINT_INTERVAL_MS: '20' } });
  ev = await createTestEvent(ts.url);
  const add = (doc: import('yjs').Doc, text: string): string =>
    addCard(doc, { kind: 'weakness', text, orgId: null, author: '', authorKey: 'k', topicId: readBoard(doc).topics[0].id }, LOCAL);
  let kept = '';
  await changeAndCheckpoint((doc) => {
    cardId = add(doc, CARD);
    kept = add(doc, KEPT);
  });
  await changeAndCheckpoint((doc) => {
    commentId = addComment(doc, { cardId: kept, text: COMMENT, author: 'Jan', orgId: null }, LOCAL);
    addComment(doc, { cardId: kept, text: KEPT_COMMENT, author: 'Eva', orgId: null }, LOCAL);
  });
  before = (await times()).at(-1) as number;
  const published = await publishOutputs(ts.url, ev);
  expect(published.status).toBe(200);
});
afterAll(() => ts.dispose());

describe('public replay and what is hidden now', () => {
  it('before hiding, the public replay shows the card and the comment (the scan finds them)', async () => {
    const all = (await bodies(await times(), '')).join('\n');
    expect(all).toContain(CARD);
    expect(all).toContain(COMMENT);
  });

  it('once the card and the comment are hidden, no public replay of any checkpoint holds them; the moderator still sees them', async () => {
    await changeAndCheckpoint((doc) => {
      setHidden(doc, cardId, true, LOCAL);
      setCommentHidden(doc, commentId, true, LOCAL);
    });
    const list = await times();
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (const at of list) {
      const pub = await body(at, '');
      expect(pub, `public replay at ${at}`).not.toContain(CARD);
      expect(pub, `public replay at ${at}`).not.toContain('602 111 222');
      expect(pub, `public replay at ${at}`).not.toContain(COMMENT);
    }
    const lastPublic = await body(before, '');
    expect(lastPublic).toContain(KEPT);
    expect(lastPublic).toContain(KEPT_COMMENT);
    const moderator = (await bodies(list, ev.tokens.moderator)).join('\n');
    expect(moderator).toContain(CARD);
    expect(moderator).toContain(COMMENT);
  });

  it('restoring the card shows it again in the public replay', async () => {
    await ts.server.registry.withBoard(ev.boardId, (b) => setHidden(b.full.doc, cardId, false, LOCAL));
    expect(await body(before, '')).toContain(CARD);
  });
});
