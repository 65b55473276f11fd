/**
 * The public replay leaves out a written poll answer the moderator took off the board since
 * (rejected after approval), at every checkpoint, as it leaves out a card hidden since
 * (replay-hidden-now.test.ts). Each response body is scanned for the text as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPoll, LOCAL } from '../../../src/lib/board/index.js';
import { decideAnswer, submitAnswer } from '../../../src/lib/board/poll-answers.js';
import { createTestEvent, publishOutputs, startTestServer, type TestEvent, type TestServer } from '../../helpers/test-server.js';
import { waitFor } from '../../../support/wait.js';

const REJECTED = 'Volejte-731-555-000';
const KEPT = 'doprava';

let ts: TestServer;
let ev: TestEvent;
const times = async (): Promise<number[]> => ((await (await fetch(`${ts.url}/api/boards/${ev.boardId}/history?t=${ev.tokens.moderator}`)).json()) as { times: number[] }).times;
const body = async (at: number, token: string): Promise<string> => {
  const res = await fetch(`${ts.url}/api/boards/${ev.boardId}/history/${at}?t=${token}`);
  expect(res.status).toBe(200);
  return res.text();
};

type Docs = { full: import('yjs').Doc; queue: import('yjs').Doc };
async function changeAndCheckpoint(change: (d: Docs) => void): Promise<void> {
  const before = (await times()).length;
  await ts.server.registry.withBoard(ev.boardId, (b) => change({ full: b.full.doc, queue: b.queue.doc }));
  await waitFor(async () => (await times()).length > before, 'a checkpoint');
}

let rejectedId = '';

beforeAll(async () => {
  ts = await startTestServer({ env: { LIMIT_CHECKPOINT_INTERVAL_MS: '20' } });
  ev = await createTestEvent(ts.url);
  await changeAndCheckpoint(({ full, queue }) => {
    const pollId = createPoll(full, { question: 'Jedno slovo?', kind: 'words', multiple: false, options: [] }, LOCAL);
    rejectedId = submitAnswer(full, queue, { pollId, voterKey: 'a', text: REJECTED, maxQueued: 100 }, LOCAL);
    const kept = submitAnswer(full, queue, { pollId, voterKey: 'b', text: KEPT, maxQueued: 100 }, LOCAL);
    decideAnswer(full, queue, rejectedId, 'approve', LOCAL);
    decideAnswer(full, queue, kept, 'approve', LOCAL);
  });
  const published = await publishOutputs(ts.url, ev);
  expect(published.status).toBe(200);
});
afterAll(() => ts.dispose());

describe('public replay and poll answers taken off the board', () => {
  it('an approved answer shows in the public replay; once rejected, in no public replay of any checkpoint', async () => {
    const approvedAt = (await times()).at(-1) as number;
    expect(await body(approvedAt, '')).toContain(REJECTED);
    await changeAndCheckpoint(({ full, queue }) => decideAnswer(full, queue, rejectedId, 'reject', LOCAL));
    for (const at of await times()) expect(await body(at, ''), `public replay at ${at}`).not.toContain(REJECTED);
    expect(await body(approvedAt, '')).toContain(KEPT);
    expect(await body(approvedAt, ev.tokens.moderator)).toContain(REJECTED);
  });
});
