/**
 * Erasure in the session history: every stored checkpoint (a full-state update, see
 * recorder.ts) that holds what was erased (a redacted card, comment or poll, or a withdrawn card
 * or comment) is rewritten with the erasure applied, re-encoded from a gc'd document; one that
 * cannot be rewritten is deleted. Replay and restore keep working on the rewritten checkpoints,
 * and a restore can no longer bring the erased values back.
 *
 * Each checkpoint is decoded in full: some 20 ms for a 300-card board, seconds for one near
 * LIMIT_MAX_DOC_BYTES, and a board keeps up to LIMIT_MAX_CHECKPOINTS of them. The server decodes
 * them on the heavy-work worker (`erase`, see compose.ts), so the event loop only moves bytes;
 * the loop also gets a turn after each slice (at most `sliceMax` checkpoints or `sliceMs` of
 * work), which bounds it when the work runs in-thread (`eraseHere`). A rewrite holds the
 * board's checkpoint lock (checkpoint-lock.ts), across instances in scale-out: two at once would
 * each read a checkpoint, and the later write would bring back what the earlier one erased. It
 * first raises the board's floor, so that no instance writes a checkpoint of a copy that has not
 * received the erasure yet.
 */
import { eraseInState, type Erasure } from '../../../src/lib/board/erasure.js';
import { HeavyJobError, type HeavyPool } from '../heavy/pool.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { CheckpointLocks, CheckpointWriter, FloorMark } from './checkpoint-lock.js';

/** Reads; every change goes through the lock's CheckpointWriter. */
type CheckpointReads = Pick<CheckpointStore, 'listCheckpoints' | 'getCheckpoint'>;

export interface CheckpointRedaction {
  rewritten: number;
  /** Checkpoints that did not decode completely, so could not be rewritten safely. */
  deleted: number;
}

/** What became of one checkpoint. */
export type ErasedState = { kind: 'rewritten'; state: Uint8Array } | { kind: 'unchanged' } | { kind: 'unreadable' };

/**
 * Applies an erasure to one checkpoint's bytes. `unreadable`: it does not decode completely, so
 * cannot be rewritten safely (it is deleted). Rejects only when the work could not be done at
 * all (the server shutting down): the redaction then fails, and sending it again completes it.
 */
export type EraseState = (state: Uint8Array, erasure: Erasure, at: number) => Promise<ErasedState>;

/** In this thread (tests, and the pure fallback). */
export const eraseHere: EraseState = async (state, erasure, at) => {
  try {
    const next = eraseInState(state, erasure, at);
    return next ? { kind: 'rewritten', state: next } : { kind: 'unchanged' };
  } catch {
    return { kind: 'unreadable' };
  }
};

/**
 * Checkpoints are erased on the heavy-work worker, one job at a time, so the event loop never
 * decodes one. Admitted: an erasure waits its turn, it is never refused for a busy worker. A job
 * that fails (the state does not decode, or the worker ran out of time or memory on it) leaves a
 * checkpoint that cannot be rewritten: it is deleted rather than kept with the erased values.
 */
export function eraseOnWorker(heavy: HeavyPool): EraseState {
  return async (state, erasure, at) => {
    try {
      const next = await heavy.run({ kind: 'erase', state, erasure, at }, { admitted: true });
      return next ? { kind: 'rewritten', state: next } : { kind: 'unchanged' };
    } catch (err) {
      if (err instanceof HeavyJobError && err.failure !== 'closed' && err.failure !== 'aborted') return { kind: 'unreadable' };
      throw err;
    }
  };
}

export interface RewriteOptions {
  /** Checkpoints rewritten before the loop gets a turn (default 8). */
  sliceMax?: number;
  /** Work time after which the loop gets a turn, whatever the count (default 10 ms). */
  sliceMs?: number;
  /** Where each checkpoint is decoded and re-encoded (default: in this thread). */
  erase?: EraseState;
}

const SLICE_MAX = 8;
const SLICE_MS = 10;

/** Resolves after the event loop has run its pending I/O and timers (a macrotask, not a microtask). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Rewrites one board's checkpoints, holding its checkpoint lock (`writer`); call it through a CheckpointRedactor. */
export async function redactCheckpoints(
  store: CheckpointReads,
  writer: CheckpointWriter,
  boardId: string,
  erasure: Erasure,
  redactedAt: number,
  options: RewriteOptions = {}
): Promise<CheckpointRedaction> {
  const [sliceMax, sliceMs, erase] = [options.sliceMax ?? SLICE_MAX, options.sliceMs ?? SLICE_MS, options.erase ?? eraseHere];
  const result: CheckpointRedaction = { rewritten: 0, deleted: 0 };
  let [count, since] = [0, performance.now()];
  for (const at of await store.listCheckpoints(boardId)) {
    if (count >= sliceMax || performance.now() - since >= sliceMs) {
      await turn();
      [count, since] = [0, performance.now()];
    }
    count += 1;
    const state = await store.getCheckpoint(boardId, at);
    if (!state) continue; // thinned out meanwhile
    const next = await erase(state, erasure, redactedAt);
    if (next.kind === 'unreadable') {
      await writer.delete(at);
      result.deleted += 1;
    } else if (next.kind === 'rewritten') {
      // Same (board, at): the store replaces the row, hash field or entry in place.
      await writer.add(at, next.state);
      result.rewritten += 1;
    }
  }
  return result;
}

export interface CheckpointRedactor {
  /**
   * Rewrites the board's checkpoints once the rewrites asked for before have finished, holding
   * the board's checkpoint lock. `mark`: where the erasure was made (its transaction in the
   * server's document, `floorMark`); from then on no checkpoint lacking it is written.
   */
  redact(boardId: string, erasure: Erasure, redactedAt: number, mark?: FloorMark): Promise<CheckpointRedaction>;
  /**
   * Resolves once no rewrite of the board is running or waiting. A purge waits for it before
   * its last sweep of the checkpoints: a rewrite still under way would store one again.
   */
  idle(boardId: string): Promise<void>;
}

/**
 * How long a rewrite waits for another holder of the board's checkpoint lock (another
 * instance's rewrite of hundreds of checkpoints, say) before it fails; sending the redaction
 * again completes it.
 */
const REWRITE_WAIT_MS = 120_000;

/** One per server: the actions and the history recorder share it, so their rewrites queue up. */
export function createCheckpointRedactor(store: CheckpointReads, locks: CheckpointLocks, options: RewriteOptions = {}): CheckpointRedactor {
  const tails = new Map<string, Promise<unknown>>();
  const rewrite = (boardId: string, erasure: Erasure, redactedAt: number, mark?: FloorMark): Promise<CheckpointRedaction> =>
    locks.withLock(boardId, REWRITE_WAIT_MS, async (writer) => {
      // First: a checkpoint written from now on, on any instance, holds the erasure.
      if (mark) await writer.raiseFloor(mark);
      return redactCheckpoints(store, writer, boardId, erasure, redactedAt, options);
    });
  return {
    redact(boardId, erasure, redactedAt, mark) {
      const previous = tails.get(boardId) ?? Promise.resolve();
      const run = previous.catch(() => undefined).then(() => rewrite(boardId, erasure, redactedAt, mark));
      tails.set(boardId, run);
      // The last one out leaves no entry behind.
      const forget = (): void => {
        if (tails.get(boardId) === run) tails.delete(boardId);
      };
      void run.then(forget, forget);
      return run;
    },
    async idle(boardId) {
      for (let tail = tails.get(boardId); tail; tail = tails.get(boardId)) await tail.catch(() => undefined);
    }
  };
}
