/**
 * The board's copy of a written answer follows the queue when a board loads
 * (server/board/answer-sync.ts): a copy left behind that the queue no longer approves (written by
 * an instance that stopped before it saw the decision overriding it) is removed, and one the
 * queue approves but the board lacks is written, on the next load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoll, LOCAL } from '../../src/lib/board/index.js';
import { pollAnswersMap } from '../../src/lib/board/layout.js';
import { decideAnswer, submitAnswer } from '../../src/lib/board/poll-answers.js';
import { waitFor } from '../../support/wait.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';

let ts: TestServer;
let ev: TestEvent;
beforeAll(async () => {
  ts = await startTestServer();
  ev = await createTestEvent(ts.url);
});
afterAll(() => ts.dispose());

describe('poll answers on load', () => {
  it('a stale board copy goes, a missing one comes, when the board loads again', async () => {
    const { stale, missing } = await ts.server.registry.withBoard(ev.boardId, (b) => {
      const [full, queue] = [b.full.doc, b.queue.doc];
      const pollId = createPoll(full, { question: 'Slovo?', kind: 'words', multiple: false, options: [] }, LOCAL);
      const stale = submitAnswer(full, queue, { pollId, voterKey: 'a', text: 'STALE-copy', maxQueued: 100 }, LOCAL);
      const missing = submitAnswer(full, queue, { pollId, voterKey: 'b', text: 'approved', maxQueued: 100 }, LOCAL);
      decideAnswer(full, queue, stale, 'reject', LOCAL);
      decideAnswer(full, queue, missing, 'approve', LOCAL);
      // What a stopped instance's late writes leave: board changes alone do not call for a sync.
      full.transact(() => {
        pollAnswersMap(full).set(stale, { pollId, text: 'STALE-copy', at: 1 });
        pollAnswersMap(full).delete(missing);
      }, LOCAL);
      return { stale, missing };
    });
    await ts.stop();
    ts = await ts.restart();
    const onBoard = () => ts.server.registry.withBoard(ev.boardId, (b) => [stale, missing].map((id) => pollAnswersMap(b.full.doc).has(id)));
    await waitFor(async () => JSON.stringify(await onBoard()) === JSON.stringify([false, true]), 'the board in step with the queue');
    expect(await onBoard()).toEqual([false, true]);
  });
});
