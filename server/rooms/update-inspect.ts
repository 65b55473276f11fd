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
export type Place =
  | { parent: { root: string }; key: string | null }
  | { parent: { item: Y.ID }; key: string | null };

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
  /** Looks up an item by id, in the doc first, then in the update. */
  lookup(id: Y.ID): { struct: Y.Item | Y.GC; inDoc: boolean } | null;
  placeOf(item: Y.Item): Place | null;
}

const end = (s: { id: Y.ID; length: number }): number => s.id.clock + s.length;

function indexByClient(structs: Struct[]): Map<number, Struct[]> {
  const byClient = new Map<number, Struct[]>();
  for (const s of structs) {
    const list = byClient.get(s.id.client) ?? [];
    list.push(s);
    byClient.set(s.id.client, list);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  return byClient;
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

function updateLookup(byClient: Map<number, Struct[]>, id: Y.ID): Y.Item | Y.GC | null {
  const found = byClient.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < end(s));
  return found && !(found instanceof Y.Skip) ? found : null;
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

export function inspectUpdate(doc: Y.Doc, update: Uint8Array): InspectedUpdate {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = indexByClient(structs);
  const { fresh, missing: gap } = freshStructs(doc, byClient);
  const lookup: InspectedUpdate['lookup'] = (id) => {
    const inDoc = docLookup(doc, id);
    if (inDoc) return { struct: inDoc, inDoc: true };
    const inUpdate = updateLookup(byClient, id);
    return inUpdate ? { struct: inUpdate, inDoc: false } : null;
  };
  const placeOf = (item: Y.Item, depth = 0): Place | null => {
    const own = ownPlace(item);
    if (own !== undefined) return own;
    const ref = item.origin ?? item.rightOrigin;
    const found = ref === null || depth > 10_000 ? null : lookup(ref);
    if (!found || !(found.struct instanceof Y.Item)) return null;
    return found.inDoc ? docPlace(found.struct) : placeOf(found.struct, depth + 1);
  };
  const deleted = collectDeletes(doc, ds, byClient);
  return { fresh, structs, ...deleted, missing: gap ?? deleted.missing ?? missingOrigins(fresh, lookup), lookup, placeOf };
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

function collectDeletes(doc: Y.Doc, ds: { clients: Map<number, DeleteRange[]> }, byClient: Map<number, Struct[]>) {
  const deletes: InspectedUpdate['deletes'] = [];
  const freshDeletes: InspectedUpdate['freshDeletes'] = [];
  for (const [client, ranges] of ds.clients) {
    const state = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      const stop = clock + len;
      if (clock < state) {
        for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < Math.min(stop, state); i++) {
          const s = structs[i];
          const from = Math.max(clock, s.id.clock);
          const to = Math.min(stop, end(s));
          if (!s.deleted && s instanceof Y.Item) deletes.push({ item: s, range: { clock: from, len: to - from } });
        }
      }
      for (let at = Math.max(clock, state); at < stop; ) {
        const s = byClient.get(client)?.find((x) => x.id.clock <= at && at < end(x) && !(x instanceof Y.Skip));
        if (!s) return { deletes, freshDeletes, missing: `delete of unknown ${client}:${at}` };
        freshDeletes.push({ client, range: { clock: at, len: Math.min(stop, end(s)) - at } });
        at = end(s);
      }
    }
  }
  return { deletes, freshDeletes, missing: null };
}

/** Whether applying the update would change the document at all. */
export function hasEffect(doc: Y.Doc, update: Uint8Array): boolean {
  const inspected = inspectUpdate(doc, update);
  return inspected.fresh.length > 0 || inspected.deletes.length > 0 || inspected.missing !== null;
}

/**
 * An update that fills the clock ranges a refused update would have taken with GC tombstones,
 * carrying none of its content and no deletions. Applying it keeps the writer's later updates
 * applicable (Yjs clocks are contiguous per client) without applying anything it asked for.
 * Null when there is nothing to fill or the update has a gap (nothing safe to fill).
 */
export function tombstoneUpdate(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  const { structs } = Y.decodeUpdate(update);
  const byClient = indexByClient(structs);
  const { fresh, missing } = freshStructs(doc, byClient);
  if (missing !== null || fresh.length === 0) return null;
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
