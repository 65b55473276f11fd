/**
 * Written poll answers (src/lib/board/poll-answers.ts, poll-answer-queue.ts): ids by content, a
 * redacted answer stays gone, the later decision stands (a rejection on a tie) in two documents
 * merged as two instances merge them, the board copy follows the queue, and a restore keeps the
 * queue's decisions.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPoll, LOCAL } from '../../../src/lib/board/index.js';
import { pollAnswersMap } from '../../../src/lib/board/layout.js';
import {
  answerId,
  answersAfterRestore,
  decideAnswer,
  queuedAnswer,
  readPollAnswers,
  redactQueuedAnswer,
  submitAnswer,
  syncBoardAnswer
} from '../../../src/lib/board/poll-answers.js';

function board(): { full: Y.Doc; queue: Y.Doc; pollId: string } {
  const full = new Y.Doc();
  const queue = new Y.Doc();
  const pollId = createPoll(full, { question: 'Slovo?', kind: 'words', multiple: false, options: [] }, LOCAL);
  return { full, queue, pollId };
}

/** A second instance's copy of both documents. */
function replica(of: { full: Y.Doc; queue: Y.Doc }): { full: Y.Doc; queue: Y.Doc } {
  const full = new Y.Doc();
  const queue = new Y.Doc();
  Y.applyUpdate(full, Y.encodeStateAsUpdate(of.full));
  Y.applyUpdate(queue, Y.encodeStateAsUpdate(of.queue));
  return { full, queue };
}

/** Exchanges every update both ways, as the bus does. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const [ua, ub] = [Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))];
  Y.applyUpdate(b, ua);
  Y.applyUpdate(a, ub);
}

const onBoard = (full: Y.Doc, id: string): boolean => pollAnswersMap(full).has(id);

describe('answer ids', () => {
  it('are derived from poll, device and the answer as normalized: a repeat is one entry, two answers never share an id', () => {
    const { full, queue, pollId } = board();
    const first = submitAnswer(full, queue, { pollId, voterKey: 'v', text: 'Doprava', maxQueued: 100 }, LOCAL);
    expect(submitAnswer(full, queue, { pollId, voterKey: 'v', text: ' doprava! ', maxQueued: 100 }, LOCAL)).toBe(first);
    const second = submitAnswer(full, queue, { pollId, voterKey: 'v', text: 'Zeleň', maxQueued: 100 }, LOCAL);
    expect(second).not.toBe(first);
    expect(answerId(pollId, 'w', 'Doprava')).not.toBe(first);
  });

  it('two instances filing two different answers of one device at once keep both', () => {
    const a = board();
    const b = replica(a);
    const one = submitAnswer(a.full, a.queue, { pollId: a.pollId, voterKey: 'v', text: 'Doprava', maxQueued: 100 }, LOCAL);
    const two = submitAnswer(b.full, b.queue, { pollId: a.pollId, voterKey: 'v', text: 'Zeleň', maxQueued: 100 }, LOCAL);
    exchange(a.queue, b.queue);
    for (const q of [a.queue, b.queue]) expect([queuedAnswer(q, one)?.text, queuedAnswer(q, two)?.text]).toEqual(['Doprava', 'Zeleň']);
  });

  it('a redacted answer is refused when sent again, and its entry stays (it frees no room)', () => {
    const { full, queue, pollId } = board();
    const id = submitAnswer(full, queue, { pollId, voterKey: 'v', text: 'Karel Novák', maxQueued: 100 }, LOCAL);
    redactQueuedAnswer(queue, id, LOCAL);
    expect(() => submitAnswer(full, queue, { pollId, voterKey: 'v', text: 'karel novák', maxQueued: 100 }, LOCAL)).toThrow(/removed/);
    expect(queuedAnswer(queue, id)).toMatchObject({ status: 'redacted', text: '' });
  });
});

describe('decisions', () => {
  it('the board copy follows the status: approve writes it, reject removes it, approving again within a millisecond stands', () => {
    const { full, queue, pollId } = board();
    const id = submitAnswer(full, queue, { pollId, voterKey: 'v', text: 'Doprava', maxQueued: 100 }, LOCAL);
    decideAnswer(full, queue, id, 'approve', LOCAL, 1000);
    expect(readPollAnswers(full).get(pollId)).toEqual([{ id, pollId, text: 'Doprava', at: 1000 }]);
    decideAnswer(full, queue, id, 'reject', LOCAL, 1000);
    expect(queuedAnswer(queue, id)).toMatchObject({ status: 'rejected', decidedAt: 1001 });
    expect(onBoard(full, id)).toBe(false);
    decideAnswer(full, queue, id, 'approve', LOCAL, 1000);
    expect(queuedAnswer(queue, id)).toMatchObject({ status: 'approved', decidedAt: 1002 });
    expect(onBoard(full, id)).toBe(true);
  });

  for (const [label, approveAt, rejectAt, status] of [
    ['the later approval', 2000, 1000, 'approved'],
    ['the later rejection', 1000, 2000, 'rejected'],
    ['on a tie, the rejection', 1500, 1500, 'rejected']
  ] as const)
    it(`opposite decisions at once on two instances end the same on both: ${label} stands, and each board agrees with its queue`, () => {
      const a = board();
      const id = submitAnswer(a.full, a.queue, { pollId: a.pollId, voterKey: 'v', text: 'Doprava', maxQueued: 100 }, LOCAL);
      const b = replica(a);
      decideAnswer(a.full, a.queue, id, 'approve', LOCAL, approveAt);
      decideAnswer(b.full, b.queue, id, 'reject', LOCAL, rejectAt);
      exchange(a.queue, b.queue);
      // What server/board/answer-sync.ts does on each instance when the other's queue update arrives.
      for (const x of [a, b]) syncBoardAnswer(x.full, x.queue, id, LOCAL);
      exchange(a.full, b.full);
      for (const x of [a, b]) {
        expect(queuedAnswer(x.queue, id)?.status).toBe(status);
        expect(onBoard(x.full, id)).toBe(status === 'approved');
      }
    });

  it('a redaction stands above a concurrent approval', () => {
    const a = board();
    const id = submitAnswer(a.full, a.queue, { pollId: a.pollId, voterKey: 'v', text: 'Karel Novák', maxQueued: 100 }, LOCAL);
    const b = replica(a);
    redactQueuedAnswer(a.queue, id, LOCAL, 1000);
    decideAnswer(b.full, b.queue, id, 'approve', LOCAL, 2000);
    exchange(a.queue, b.queue);
    for (const x of [a, b]) syncBoardAnswer(x.full, x.queue, id, LOCAL);
    exchange(a.full, b.full);
    for (const x of [a, b]) {
      expect(queuedAnswer(x.queue, id)).toMatchObject({ status: 'redacted', text: '' });
      expect(onBoard(x.full, id)).toBe(false);
    }
  });
});

describe('answersAfterRestore', () => {
  it('keeps the queue’s decisions over a checkpoint: rejected or redacted since stay off, approved since stay on, unknown (imported) ones as then', () => {
    const { full, queue, pollId } = board();
    const [rejected, redacted, approved] = ['odmítnuto', 'Karel Novák', 'schváleno'].map((text) =>
      submitAnswer(full, queue, { pollId, voterKey: 'v', text, maxQueued: 100 }, LOCAL)
    );
    const then = [
      { id: rejected, pollId, text: 'odmítnuto', at: 1 },
      { id: redacted, pollId, text: 'Karel Novák', at: 1 },
      { id: 'imported', pollId, text: 'z importu', at: 1 }
    ];
    decideAnswer(full, queue, rejected, 'reject', LOCAL, 10);
    redactQueuedAnswer(queue, redacted, LOCAL, 10);
    decideAnswer(full, queue, approved, 'approve', LOCAL, 20);
    expect(answersAfterRestore(then, queue).map((a) => a.text)).toEqual(['z importu', 'schváleno']);
  });
});
