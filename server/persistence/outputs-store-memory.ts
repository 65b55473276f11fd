import { sortMaterials, type MaterialRecord, type OutputsStore } from './outputs-store.js';

export function createMemoryOutputsStore(): OutputsStore {
  const materials = new Map<string, MaterialRecord>();
  const published = new Map<string, number>();
  const checkpoints = new Map<string, Map<number, Uint8Array>>();
  return {
    async addMaterial(m) {
      if (materials.has(m.id)) throw new Error(`Material ${m.id} exists`);
      materials.set(m.id, { ...m });
    },
    async getMaterial(id) {
      const m = materials.get(id);
      return m ? { ...m } : null;
    },
    async listMaterials(eventId) {
      return sortMaterials([...materials.values()].filter((m) => m.eventId === eventId).map((m) => ({ ...m })));
    },
    async updateMaterial(id, patch) {
      const m = materials.get(id);
      if (!m) return null;
      const next = { ...m, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      materials.set(id, next);
      return { ...next };
    },
    async deleteMaterial(id) {
      return materials.delete(id);
    },
    async getOutputsPublished(eventId) {
      return published.get(eventId) ?? null;
    },
    async setOutputsPublished(eventId, at) {
      if (at === null) published.delete(eventId);
      else published.set(eventId, at);
    },
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
    }
  };
}
