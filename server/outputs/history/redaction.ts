/**
 * Erasure in the session history: every stored checkpoint (a full-state update, see
 * recorder.ts) that holds what was erased (a redacted card, comment or poll, or a withdrawn card
 * or comment) is rewritten with the erasure applied, re-encoded from a gc'd document; one that
 * cannot be rewritten is deleted. Replay and restore keep working on the rewritten checkpoints,
 * and a restore can no longer bring the erased values back.
 */
import { eraseInState, type Erasure } from '../../../src/lib/board/erasure.js';
import type { OutputsStore } from '../outputs-store.js';

export type CheckpointStore = Pick<OutputsStore, 'listCheckpoints' | 'getCheckpoint' | 'addCheckpoint' | 'deleteCheckpoint'>;

export interface CheckpointRedaction {
  rewritten: number;
  /** Checkpoints that did not decode completely, so could not be rewritten safely. */
  deleted: number;
}

export async function redactCheckpoints(store: CheckpointStore, boardId: string, erasure: Erasure, redactedAt: number): Promise<CheckpointRedaction> {
  const result: CheckpointRedaction = { rewritten: 0, deleted: 0 };
  for (const at of await store.listCheckpoints(boardId)) {
    const state = await store.getCheckpoint(boardId, at);
    if (!state) continue; // thinned out meanwhile
    let next: Uint8Array | null;
    try {
      next = eraseInState(state, erasure, redactedAt);
    } catch {
      await store.deleteCheckpoint(boardId, at);
      result.deleted += 1;
      continue;
    }
    if (!next) continue;
    // Same (board, at): the store replaces the row, hash field or entry in place.
    await store.addCheckpoint(boardId, at, next);
    result.rewritten += 1;
  }
  return result;
}
