import type { CheckpointStore } from '../../outputs/history/checkpoint-store.js';

export function createMemoryCheckpointStore(): CheckpointStore {
  const checkpoints = new Map<string, Map<number, Uint8Array>>();
  return {
    async addCheckpoint(boardId, at, update) {
      let board = checkpoints.get(boardId);
      if (!board) checkpoints.set(boardId, (board = new Map()));
      board.set(at, update.slice());
    },
    async listCheckpoints(boardId) {
      return [...(checkpoints.get(boardId)?.keys() ?? [])].sort((a, b) => a - b);
    },
    async getCheckpoint(boardId, at) {
      return checkpoints.get(boardId)?.get(at)?.slice() ?? null;
    },
    async deleteCheckpoint(boardId, at) {
      checkpoints.get(boardId)?.delete(at);
    },
    async deleteBoardCheckpoints(boardId) {
      checkpoints.delete(boardId);
    }
  };
}
