/**
 * Reads a Yjs update against the document it is about to be applied to: which structs are new,
 * where each item sits (root, key / parent item, key), which live items its delete set removes,
 * and whether any dependency is missing. Pure; used by the write policy and read-only checks.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { DeleteRange } from './update-encode.js';

export type Struct = Y.Item | Y.GC | Y.Skip;

/** Where an item sits: directly in a root type, or inside the type held by another item. */
export type Place = { parent: { root: string }; key: string | null } | { parent: { item: Y.ID }; key: string | null };

export interface InspectedUpdate {
  /** Structs the document does not have yet, in update order. */
  fresh: Struct[];
  /** Live document items the delete set removes, with the removed range of each. */
  deletes: Array<{ item: Y.Item; range: DeleteRange }>;
  /** Delete ranges over structs new in this same update. */
  freshDeletes: Array<{ client: number; range: DeleteRange }>;
  /** All decoded structs, for re-encoding. */
  structs: Struct[];
  /** Set when the update depends on something neither the doc nor the update holds. */
  missing: string | null;
  /** Set when a client's clocks have a gap (nothing of the update can be placed safely). */
  gap: string | null;
  /** Looks up an item by id, in the doc first, then in the update. */
  lookup(id: Y.ID): { struct: Y.Item | Y.GC; inDoc: boolean } | null;
  placeOf(item: Y.Item): Place | null;
}

const end = (s: { id: Y.ID; length: number }): number => s.id.clock + s.length;

/** Structs per client, sorted by clock: lookups by id are a binary search. */
function indexByClient(structs: Struct[]): Map<number, Struct[]> {
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) {
    const list = byClient.get(s.id.client);
    if (list) list.push(s);
    else byClient.set(s.id.client, [s]);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  return byClient;
}

/** The struct of a sorted list that holds `clock` (Skips excluded), or null. */
function findIn(list: readonly Struct[] | undefined, clock: number): Y.Item | Y.GC | null {
  if (!list) return null;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = list[mid];
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= end(s)) lo = mid + 1;
    else return s instanceof Y.Skip ? null : s;
  }
  return null;
}

function freshStructs(doc: Y.Doc, byClient: Map<number, Struct[]>): { fresh: Struct[]; missing: string | null } {
  const fresh: Struct[] = [];
  for (const [client, list] of byClient) {
    let expected = Y.getState(doc.store, client);
    for (const s of list) {
      if (end(s) <= expected) continue;
      if (s.id.clock > expected || s instanceof Y.Skip) return { fresh, missing: `gap in client ${client} at ${expected}` };
      fresh.push(s);
      expected = end(s);
    }
  }
  return { fresh, missing: null };
}

function docLookup(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null;
  return Y.getItem(doc.store, id) as unknown as Y.Item | Y.GC;
}

function docPlace(item: Y.Item): Place | null {
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return null;
  if (parent._item === null) return { parent: { root: Y.findRootTypeKey(parent) }, key: item.parentSub };
  return { parent: { item: parent._item.id }, key: item.parentSub };
}

/** Decoded items carry a root name (string) or a parent id, or neither when origins are set; doc items a type. */
function ownPlace(item: Y.Item): Place | null | undefined {
  const parent: unknown = item.parent;
  if (typeof parent === 'string') return { parent: { root: parent }, key: item.parentSub };
  if (parent instanceof Y.ID) return { parent: { item: parent }, key: item.parentSub };
  if (parent instanceof Y.AbstractType) return docPlace(item);
  return undefined;
}

/**
 * Places of the update's items, each found once: an item without parent info sits where its
 * origin sits, so the walk goes back along origins until a known place, and every item passed
 * on the way is remembered. Each origin chain is walked once however many items share it.
 */
function placeFinder(lookup: InspectedUpdate['lookup']): (item: Y.Item) => Place | null {
  const known = new Map<Y.Item, Place | null>();
  return (item) => {
    const memo = known.get(item);
    if (memo !== undefined) return memo;
    const own = ownPlace(item);
    if (own !== undefined) {
      known.set(item, own);
      return own;
    }
    const chain: Y.Item[] = [];
    const onChain = new Set<Y.Item>();
    let place: Place | null = null;
    for (let cur: Y.Item | null = item; cur !== null;) {
      const memoised = known.get(cur);
      if (memoised !== undefined) {
        place = memoised;
        break;
      }
      const at = ownPlace(cur);
      if (at !== undefined) {
        place = at;
        break;
      }
      chain.push(cur);
      onChain.add(cur);
      const ref: Y.ID | null = cur.origin ?? cur.rightOrigin;
      const found: ReturnType<InspectedUpdate['lookup']> = ref === null ? null : lookup(ref);
      if (!found || !(found.struct instanceof Y.Item) || onChain.has(found.struct)) break;
      if (found.inDoc) {
        place = docPlace(found.struct);
        break;
      }
      cur = found.struct;
    }
    for (const passed of chain) known.set(passed, place);
    return place;
  };
}

export function inspectUpdate(doc: Y.Doc, update: Uint8Array): InspectedUpdate {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = indexByClient(structs);
  const { fresh, missing: gap } = freshStructs(doc, byClient);
  const lookup: InspectedUpdate['lookup'] = (id) => {
    const inDoc = docLookup(doc, id);
    if (inDoc) return { struct: inDoc, inDoc: true };
    const inUpdate = findIn(byClient.get(id.client), id.clock);
    return inUpdate ? { struct: inUpdate, inDoc: false } : null;
  };
  const deleted = collectDeletes(doc, ds, byClient);
  return { fresh, structs, ...deleted, gap, missing: gap ?? deleted.missing ?? missingOrigins(fresh, lookup), lookup, placeOf: placeFinder(lookup) };
}

function missingOrigins(fresh: Struct[], lookup: InspectedUpdate['lookup']): string | null {
  for (const s of fresh) {
    if (!(s instanceof Y.Item)) continue;
    for (const ref of [s.origin, s.rightOrigin]) if (ref && !lookup(ref)) return `missing origin ${ref.client}:${ref.clock}`;
    const parent: unknown = s.parent;
    if (parent instanceof Y.ID && !lookup(parent)) return `missing parent ${parent.client}:${parent.clock}`;
  }
  return null;
}

/** Sorted, with overlapping and adjacent ranges joined: each struct is then visited once per client. */
function mergedRanges(ranges: readonly DeleteRange[]): DeleteRange[] {
  const sorted = [...ranges].sort((a, b) => a.clock - b.clock);
  const merged: DeleteRange[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r.clock <= last.clock + last.len) last.len = Math.max(last.len, r.clock + r.len - last.clock);
    else merged.push({ clock: r.clock, len: r.len });
  }
  return merged;
}

function collectDeletes(doc: Y.Doc, ds: { clients: Map<number, DeleteRange[]> }, byClient: Map<number, Struct[]>) {
  const deletes: InspectedUpdate['deletes'] = [];
  const freshDeletes: InspectedUpdate['freshDeletes'] = [];
  for (const [client, ranges] of ds.clients) {
    const state = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of mergedRanges(ranges)) {
      const stop = clock + len;
      if (clock < state) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < Math.min(stop, state); i++) {
          const s = structs[i];
          const from = Math.max(clock, s.id.clock);
          const to = Math.min(stop, end(s));
          if (!s.deleted && s instanceof Y.Item) deletes.push({ item: s, range: { clock: from, len: to - from } });
        }
      }
      for (let at = Math.max(clock, state); at < stop;) {
        const s = findIn(byClient.get(client), at);
        if (!s) return { deletes, freshDeletes, missing: `delete of unknown ${client}:${at}` };
        freshDeletes.push({ client, range: { clock: at, len: Math.min(stop, end(s)) - at } });
        at = end(s);
      }
    }
  }
  return { deletes, freshDeletes, missing: null };
}

/**
 * An update that fills the clock ranges a refused update would have taken with GC tombstones,
 * carrying none of its content and no deletions. Applying it keeps the writer's later updates
 * applicable (Yjs clocks are contiguous per client) without applying anything it asked for.
 * Null when there is nothing to fill or the update has a gap (nothing safe to fill).
 */
export function tombstoneUpdate(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  const { structs } = Y.decodeUpdate(update);
  const { fresh, missing } = freshStructs(doc, indexByClient(structs));
  return missing === null ? tombstonesFor(doc, fresh) : null;
}

/** `tombstoneUpdate` for an update already inspected (no second decoding). */
export const tombstonesOf = (doc: Y.Doc, inspected: InspectedUpdate): Uint8Array | null => (inspected.gap === null ? tombstonesFor(doc, inspected.fresh) : null);

function tombstonesFor(doc: Y.Doc, fresh: readonly Struct[]): Uint8Array | null {
  if (fresh.length === 0) return null;
  const ranges = new Map<number, { clock: number; end: number }>();
  for (const s of fresh) {
    const range = ranges.get(s.id.client) ?? { clock: Y.getState(doc.store, s.id.client), end: 0 };
    range.end = Math.max(range.end, end(s));
    ranges.set(s.id.client, range);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, ranges.size);
  for (const [client, { clock, end: stop }] of ranges) {
    encoding.writeVarUint(encoder, 1); // one struct
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeUint8(encoder, 0); // GC struct
    encoding.writeVarUint(encoder, stop - clock);
  }
  encoding.writeVarUint(encoder, 0); // empty delete set
  return encoding.toUint8Array(encoder);
}
