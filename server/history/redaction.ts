/**
 * Redaction of the session history: every stored checkpoint (a full-state update, see
 * recorder.ts) that holds the card is rewritten so the card's text there is the redacted text,
 * re-encoded from a gc'd document; one that cannot be rewritten is deleted. Replay and restore
 * keep working on the rewritten checkpoints, and a restore can no longer bring the text back.
 */
import { redactCardInState } from '../../src/lib/board/redaction.js';
import type { OutputsStore } from '../persistence/outputs-store.js';

export type CheckpointStore = Pick<OutputsStore, 'listCheckpoints' | 'getCheckpoint' | 'addCheckpoint' | 'deleteCheckpoint'>;

export interface CheckpointRedaction {
  rewritten: number;
  /** Checkpoints that did not decode completely, so could not be rewritten safely. */
  deleted: number;
}

export async function redactCheckpoints(
  store: CheckpointStore,
  boardId: string,
  cardId: string,
  text: string,
  redactedAt: number
): Promise<CheckpointRedaction> {
  const result: CheckpointRedaction = { rewritten: 0, deleted: 0 };
  for (const at of await store.listCheckpoints(boardId)) {
    const state = await store.getCheckpoint(boardId, at);
    if (!state) continue; // thinned out meanwhile
    let next: Uint8Array | null;
    try {
      next = redactCardInState(state, cardId, text, redactedAt);
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
