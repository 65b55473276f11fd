import { sortMaterials, type MaterialRecord, type MaterialStore } from '../../outputs/materials/material-store.js';

export function createMemoryMaterialStore(): MaterialStore {
  const materials = new Map<string, MaterialRecord>();
  const reservations = new Map<string, Map<string, { bytes: number; expiresAt: number }>>();
  return {
    async reserveMaterialBytes(r) {
      const held = reservations.get(r.eventId) ?? new Map();
      let used = 0;
      for (const m of materials.values()) if (m.eventId === r.eventId) used += m.size;
      for (const [id, h] of held) if (h.expiresAt < r.now) held.delete(id);
      for (const h of held.values()) used += h.bytes;
      if (used + r.bytes > r.maxBytes) return { ok: false, room: Math.max(0, r.maxBytes - used) };
      held.set(r.reservationId, { bytes: r.bytes, expiresAt: r.expiresAt });
      reservations.set(r.eventId, held);
      return { ok: true };
    },
    async releaseMaterialBytes(eventId, reservationId) {
      reservations.get(eventId)?.delete(reservationId);
    },
    async addMaterial(m, reservationId) {
      if (materials.has(m.id)) throw new Error(`Material ${m.id} exists`);
      materials.set(m.id, { ...m });
      if (reservationId) reservations.get(m.eventId)?.delete(reservationId);
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
    async deleteEventMaterials(eventId) {
      for (const [id, m] of materials) if (m.eventId === eventId) materials.delete(id);
      reservations.delete(eventId);
    }
  };
}
