/**
 * Replay and restore. Replay decodes the checkpoint at a moment, in the heavy-work worker
 * (decode.ts), into the response body; restore makes the live board equal to such a checkpoint
 * through one board command (applyContent) with an action origin, after checkpointing the state
 * just before it, so the restore can itself be undone by restoring that moment. Written poll
 * answers are the exception: the queue's decisions stand over a checkpoint (answersAfterRestore),
 * so a restore brings back no answer rejected or redacted since, as the history's erasure brings
 * back no card redacted or withdrawn since.
 */
import { hiddenNow, type BoardContent } from '../../../src/lib/board/content.js';
import { actionOrigin } from '../../../src/lib/board/origin.js';
import { answersAfterRestore } from '../../../src/lib/board/poll-answers.js';
import { applyContent } from '../../../src/lib/board/restore.js';
import type { HeavyPool, RunOptions } from '../heavy/pool.js';
import type { BoardRegistry } from '../../sync/registry.js';
import { checkpoint, type HistoryOptions } from './recorder.js';

export interface HistoryService {
  /** Checkpoint times, oldest first. */
  times(boardId: string): Promise<number[]>;
  /** The board's content at the checkpoint `at` (exactly one of the listed times), or null. */
  contentAt(boardId: string, at: number): Promise<BoardContent | null>;
  /** The replay response body (JSON) at checkpoint `at`: public content (without what is hidden then or now) unless `full`; null when `at` is unknown. */
  replay(boardId: string, at: number, full: boolean, run?: Pick<RunOptions, 'signal' | 'key'>): Promise<string | null>;
  /** Restores the board to checkpoint `at`; returns the checkpoint that undoes it, or null when `at` is unknown. */
  restore(boardId: string, at: number, actor: string): Promise<{ undoAt: number; restoredAt: number } | null>;
}

export function createHistoryService(options: HistoryOptions & { registry: BoardRegistry; heavy: HeavyPool }): HistoryService {
  const { checkpoints, registry, heavy } = options;
  async function contentAt(boardId: string, at: number): Promise<BoardContent | null> {
    const state = await checkpoints.getCheckpoint(boardId, at);
    return state ? heavy.run({ kind: 'decode', state }) : null;
  }
  return {
    times: (boardId) => checkpoints.listCheckpoints(boardId),
    contentAt,
    async replay(boardId, at, full, run = {}) {
      const state = await checkpoints.getCheckpoint(boardId, at);
      if (!state) return null;
      // What the moderator hid since that moment stays out of the public replay too.
      const hidden = full ? null : await registry.withBoard(boardId, (board) => hiddenNow(board.full.doc));
      return heavy.run({ kind: 'replay', state, at, hidden }, run);
    },
    async restore(boardId, at, actor) {
      const target = await contentAt(boardId, at);
      if (!target) return null;
      return registry.withBoard(boardId, async (board) => {
        const undoAt = await checkpoint(options, boardId, board.full.doc);
        // Written answers follow the moderator's decisions in the queue, which a restore leaves as they are.
        const content = { ...target, pollAnswers: answersAfterRestore(target.pollAnswers ?? [], board.queue.doc) };
        applyContent(board.full.doc, content, actionOrigin('board:restore', actor));
        const restoredAt = await checkpoint(options, boardId, board.full.doc);
        await board.full.flushed();
        await board.public.flushed();
        return { undoAt, restoredAt };
      });
    }
  };
}
