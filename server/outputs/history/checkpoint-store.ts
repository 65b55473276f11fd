/**
 * The history checkpoints port: each board's full-state checkpoints (Yjs updates) for session
 * replay and restore (recorder.ts), rewritten after an erasure (redaction.ts).
 */
export interface CheckpointStore {
  /** Stores a full-state checkpoint (a Yjs update) of a board; one per (board, at). */
  addCheckpoint(boardId: string, at: number, update: Uint8Array): Promise<void>;
  /** Checkpoint times of a board, oldest first. */
  listCheckpoints(boardId: string): Promise<number[]>;
  getCheckpoint(boardId: string, at: number): Promise<Uint8Array | null>;
  /** Deletes one checkpoint (thinning old history). */
  deleteCheckpoint(boardId: string, at: number): Promise<void>;
  /** Deletes every checkpoint of the board (its event's purge). */
  deleteBoardCheckpoints(boardId: string): Promise<void>;
}
