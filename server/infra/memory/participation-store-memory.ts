/** Participation counters in memory (tests, STORE=memory): the same ring and caps as the durable ones. */
import { MAX_DEVICES, slotOf, type CounterBucket, type ParticipationStore } from '../../outputs/participation/participation-store.js';

interface Board {
  peak: number;
  devices: Set<string>;
  ring: Map<number, CounterBucket>;
  public: boolean;
}

export function createMemoryParticipationStore(): ParticipationStore {
  const boards = new Map<string, Board>();
  const boardOf = (id: string): Board => {
    let b = boards.get(id);
    if (!b) boards.set(id, (b = { peak: 0, devices: new Set(), ring: new Map(), public: false }));
    return b;
  };
  return {
    async add(boardId, delta) {
      const b = boardOf(boardId);
      b.peak = Math.max(b.peak, delta.peak);
      for (const d of delta.devices) if (b.devices.size < MAX_DEVICES) b.devices.add(d);
      for (const n of delta.buckets) {
        const slot = slotOf(n.bucket);
        const held = b.ring.get(slot);
        if (held && held.bucket > n.bucket) continue;
        if (held && held.bucket === n.bucket) b.ring.set(slot, { bucket: n.bucket, reactions: held.reactions + n.reactions, ballots: held.ballots + n.ballots });
        else b.ring.set(slot, { ...n });
      }
    },
    async read(boardId) {
      const b = boards.get(boardId);
      if (!b) return { peak: 0, devices: 0, buckets: [], public: false };
      return { peak: b.peak, devices: b.devices.size, public: b.public, buckets: [...b.ring.values()].sort((x, y) => x.bucket - y.bucket) };
    },
    async setPublic(boardId, on) {
      boardOf(boardId).public = on;
    },
    async deleteBoard(boardId) {
      boards.delete(boardId);
    }
  };
}
