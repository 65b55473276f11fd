import type { DocStore } from '../../sync/doc-store.js';

interface Entry {
  seq: number;
  update: Uint8Array;
}

export function createMemoryDocStore(): DocStore {
  const logs = new Map<string, Entry[]>();
  const snapshots = new Map<string, Entry>();
  let seq = 0;
  return {
    async load(docName) {
      const snapshot = snapshots.get(docName);
      const log = logs.get(docName) ?? [];
      const updates = [...(snapshot ? [snapshot.update] : []), ...log.map((e) => e.update)];
      return { updates: updates.map((u) => u.slice()), seq: log.at(-1)?.seq ?? snapshot?.seq ?? 0, logLength: log.length };
    },
    async append(docName, update) {
      seq += 1;
      const log = logs.get(docName) ?? [];
      log.push({ seq, update: update.slice() });
      logs.set(docName, log);
      return seq;
    },
    async compact(docName, snapshot, upToSeq) {
      if ((snapshots.get(docName)?.seq ?? 0) > upToSeq) return;
      snapshots.set(docName, { seq: upToSeq, update: snapshot.slice() });
      logs.set(
        docName,
        (logs.get(docName) ?? []).filter((e) => e.seq > upToSeq)
      );
    },
    // Replaced entries are unreachable; the garbage collector reclaims them.
    async scrub() {},
    async delete(docName) {
      logs.delete(docName);
      snapshots.delete(docName);
    },
    async close() {}
  };
}
