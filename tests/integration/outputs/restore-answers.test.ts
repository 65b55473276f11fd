/**
 * A restore leaves written poll answers as the moderator's decisions in the queue have them
 * (docs/outputs.md §6): restoring a checkpoint from while an answer was approved does not bring it
 * back once rejected or redacted since, and does not drop one approved since. The board, the
 * public document and the queue agree afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPoll, LOCAL } from '../../../src/lib/board/index.js';
import { pollAnswersMap } from '../../../src/lib/board/layout.js';
import { decideAnswer, queuedAnswer, submitAnswer } from '../../../src/lib/board/poll-answers.js';
import { call, connectAs, type TestSocket } from '../../../support/socket-client.js';
import { waitFor } from '../../../support/wait.js';
import { containsText } from '../../../support/yjs-clients.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../../helpers/test-server.js';

let ts: TestServer;
let ev: TestEvent;
let mod: TestSocket;
const times = async (): Promise<number[]> => ((await (await fetch(`${ts.url}/api/boards/${ev.boardId}/history?t=${ev.tokens.moderator}`)).json()) as { times: number[] }).times;
const restore = (at: number) =>
  fetch(`${ts.url}/api/boards/${ev.boardId}/restore?t=${ev.tokens.moderator}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) });

type Docs = { full: Y.Doc; queue: Y.Doc };
async function changeAndCheckpoint<T>(change: (d: Docs) => T): Promise<T> {
  const before = (await times()).length;
  const out = await ts.server.registry.withBoard(ev.boardId, (b) => change({ full: b.full.doc, queue: b.queue.doc }));
  await waitFor(async () => (await times()).length > before, 'a checkpoint');
  return out;
}

beforeAll(async () => {
  ts = await startTestServer({ env: { LIMIT_CHECKPOINT_INTERVAL_MS: '20' } });
  ev = await createTestEvent(ts.url);
  mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
});
afterAll(async () => {
  mod?.close();
  await ts.dispose();
});

describe('restore and written poll answers', () => {
  it('an answer rejected or redacted since stays off the board; one approved since stays on', async () => {
    const { pollId, rejected, redacted, kept } = await changeAndCheckpoint(({ full, queue }) => {
      const pollId = createPoll(full, { question: 'Co vzkážete?', kind: 'open', multiple: false, options: [] }, LOCAL);
      const file = (voterKey: string, text: string) => submitAnswer(full, queue, { pollId, voterKey, text, maxQueued: 100 }, LOCAL);
      const ids = { pollId, rejected: file('a', 'REJECTED-since-4411'), redacted: file('b', 'Volejte 731 555 000'), kept: file('c', 'stále schváleno') };
      for (const id of [ids.rejected, ids.redacted, ids.kept]) decideAnswer(full, queue, id, 'approve', LOCAL);
      return ids;
    });
    const then = (await times()).at(-1) as number;
    const later = await changeAndCheckpoint(({ full, queue }) => {
      decideAnswer(full, queue, rejected, 'reject', LOCAL);
      const id = submitAnswer(full, queue, { pollId, voterKey: 'd', text: 'schváleno později', maxQueued: 100 }, LOCAL);
      decideAnswer(full, queue, id, 'approve', LOCAL);
      return id;
    });
    expect(await call(mod, 'poll:answer:redact', { answerId: redacted })).toEqual({ ok: true });

    const res = await restore(then);
    expect(res.status).toBe(200);
    const state = await ts.server.registry.withBoard(ev.boardId, (b) => ({
      board: [...pollAnswersMap(b.full.doc).keys()].sort(),
      public: [...pollAnswersMap(b.public.doc).keys()].sort(),
      statuses: [rejected, redacted, kept, later].map((id) => queuedAnswer(b.queue.doc, id)?.status),
      texts: [b.full.doc, b.public.doc].map((d) => ['REJECTED-since-4411', '731 555 000'].some((t) => containsText(Y.encodeStateAsUpdate(d), t)))
    }));
    expect(state.statuses).toEqual(['rejected', 'redacted', 'approved', 'approved']);
    expect(state.board).toEqual([kept, later].sort());
    expect(state.public).toEqual([kept, later].sort());
    expect(state.texts).toEqual([false, false]);
  });
});
