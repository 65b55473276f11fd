/**
 * The checkpoint lock: who may change a board's history checkpoints, and from which document
 * state (docs/redaction.md, "Several instances").
 *
 * Rewriting the checkpoints after an erasure reads each one and writes it back. Two rewrites at
 * once (two redactions on two instances), or a checkpoint written meanwhile, would be a lost
 * update: the later write brings back what the earlier one erased. So every change of a board's
 * checkpoints (a rewrite, a new checkpoint, thinning) runs holding this lock, which holds across
 * instances in scale-out (Redis: a token, an expiry renewed while held, and writes fenced by the
 * token, infra/redis/checkpoint-lock-redis.ts) and in this process otherwise (one process holds
 * the only copy of each board).
 *
 * The lock alone does not stop an instance that has not yet received an erasure (the bus is a
 * few milliseconds behind) from writing a checkpoint of its older copy once the rewrite is done.
 * So a rewrite first raises the board's *floor*: the erasing transaction's position (the server
 * document's client id, and its clock after the erasure). A checkpoint is written only from a
 * document that holds every position of the floor (`covers`); an older copy waits until the
 * erasure reaches it.
 */
import * as Y from 'yjs';

/** Erasures every new checkpoint must contain: a Yjs client id → the clock its state must reach. */
export type CheckpointFloor = ReadonlyMap<number, number>;

/** Where an erasure was made: its transaction's client id and that client's clock after it. */
export interface FloorMark {
  client: number;
  clock: number;
}

/** Changes to one board's checkpoints, valid only while the lock is held. */
export interface CheckpointWriter {
  /** Stores or replaces the checkpoint at `at`. Throws CheckpointLockLost when the lock was lost. */
  add(at: number, update: Uint8Array): Promise<void>;
  delete(at: number): Promise<void>;
  floor(): Promise<CheckpointFloor>;
  raiseFloor(mark: FloorMark): Promise<void>;
}

export interface CheckpointLocks {
  /**
   * Runs `work` holding the board's checkpoint lock, waiting up to `waitMs` for another holder
   * (then rejects with CheckpointLockBusy). Releases it when `work` settles.
   */
  withLock<T>(boardId: string, waitMs: number, work: (writer: CheckpointWriter) => Promise<T>): Promise<T>;
}

export class CheckpointLockBusy extends Error {
  constructor(boardId: string, waitedMs: number) {
    super(`the checkpoint lock of ${boardId} was held elsewhere for more than ${waitedMs} ms`);
    this.name = 'CheckpointLockBusy';
  }
}

export class CheckpointLockLost extends Error {
  constructor(boardId: string) {
    super(`the checkpoint lock of ${boardId} expired while held (a stalled process); nothing more written`);
    this.name = 'CheckpointLockLost';
  }
}

/** Whether `doc` holds every erasure of the floor. */
export function covers(doc: Y.Doc, floor: CheckpointFloor): boolean {
  for (const [client, clock] of floor) if (Y.getState(doc.store, client) < clock) return false;
  return true;
}

/** The position of the last transaction `doc` made itself (an erasure just applied to it). */
export const floorMark = (doc: Y.Doc): FloorMark => ({ client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) });

type Store = { addCheckpoint(boardId: string, at: number, update: Uint8Array): Promise<void>; deleteCheckpoint(boardId: string, at: number): Promise<void> };

/**
 * Embedded mode (SQLite, memory): one process, so a lock per board in it. Its one copy of the
 * board already holds an erasure before the rewrite starts, so the floor is never needed there:
 * it is kept empty.
 */
export function createProcessCheckpointLocks(store: Store): CheckpointLocks {
  const tails = new Map<string, Promise<unknown>>();
  const empty: CheckpointFloor = new Map();
  return {
    // No wait limit: the holders are this process's own rewrites and checkpoints, which finish.
    withLock(boardId, _waitMs, work) {
      const writer: CheckpointWriter = {
        add: (at, update) => store.addCheckpoint(boardId, at, update),
        delete: (at) => store.deleteCheckpoint(boardId, at),
        floor: async () => empty,
        raiseFloor: async () => undefined
      };
      const run = (tails.get(boardId) ?? Promise.resolve()).catch(() => undefined).then(() => work(writer));
      tails.set(boardId, run);
      const forget = (): void => {
        if (tails.get(boardId) === run) tails.delete(boardId);
      };
      void run.then(forget, forget);
      return run;
    }
  };
}
