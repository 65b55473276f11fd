/**
 * W10 of the write policy (docs/protocol.md §4): the moderator's word stands. A Yjs map write
 * carries its origin, the value it overwrites. When a writer's new value for a card field
 * overwrites a value that is no longer the field's current one, and a value of higher standing
 * (a moderator connection's, or the server's: card:redact, restore; see
 * src/lib/board/authority.ts) was written after that origin, the writer had not seen it: the
 * value is stale and is stripped from the update (its clocks become GC tombstones, so the
 * writer's later updates stay applicable). Values chained on a stripped value in the same
 * update are stripped with it. `updatedAt` is a timestamp, no one's word: it is never stripped.
 *
 * "Written after the origin" is read off the field's list of values, which Yjs keeps in
 * integration order (the current value last): from the current value leftwards to the
 * origin. The walk is bounded: MAX_WALK values per value of the update, WALK_BUDGET values for
 * the whole update; a writer further behind, or an update past the budget, is treated as stale.
 * So the cost is linear in the update, and the walks of one update stay within a fixed total.
 */
import * as Y from 'yjs';
import { standingOf, type Standing } from '../../src/lib/board/authority.js';
import type { YEntry } from '../../src/lib/board/layout.js';
import type { InspectedUpdate } from '../sync/update-inspect.js';

/** Values of one field walked back from the current one before a writer counts as stale. */
export const MAX_WALK = 64;
/** Values walked for one update in all; the values left undecided then count as stale. */
export const WALK_BUDGET = 4_096;

/** A new value for a field of a card already in the document. */
export interface FieldWrite {
  item: Y.Item;
  cardId: string;
  field: string;
  entry: YEntry;
}

export interface StaleVerdict {
  /** The stale values (to be replaced by tombstones). */
  stale: Set<Y.Item>;
  /** `cardId + field` slots with a stale value: deletions there are stripped too. */
  slots: Set<string>;
  /** Cards with a stale value, in update order, each once. */
  cards: string[];
}

const EXEMPT = new Set(['updatedAt']);

const holds = (s: { id: Y.ID; length: number }, id: Y.ID): boolean => s.id.client === id.client && id.clock >= s.id.clock && id.clock < s.id.clock + s.length;

export const fieldSlot = (cardId: string, field: string): string => `${cardId}\u0000${field}`;

/**
 * Whether a value of higher standing than the writer's sits after `origin` in the field's
 * values, walking back from the current one. `origin` not met within MAX_WALK: stale.
 */
function overruled(write: FieldWrite, origin: Y.ID, writer: Standing, standing: (client: number) => Standing, budget: { left: number }): boolean {
  let cur = write.entry._map.get(write.field) ?? null;
  for (let steps = 0; cur !== null && steps < MAX_WALK && budget.left > 0; steps++, budget.left--) {
    if (holds(cur, origin)) return false;
    if (standing(cur.id.client) > writer) return true;
    cur = cur.left;
  }
  return true;
}

/** Stale verdict of one write whose origin is in the document (or a GC'd struct: stale). */
function staleInDoc(
  write: FieldWrite,
  found: NonNullable<ReturnType<InspectedUpdate['lookup']>>,
  writer: Standing,
  standing: (client: number) => Standing,
  budget: { left: number }
): boolean {
  if (!(found.struct instanceof Y.Item)) return true;
  const current = write.entry._map.get(write.field);
  const origin = write.item.origin;
  if (origin === null || (current !== undefined && holds(current, origin))) return false;
  return overruled(write, origin, writer, standing, budget);
}

/** The memoised standing of each client id met (the authority lookup costs a string key). */
function standings(doc: Y.Doc): (client: number) => Standing {
  const known = new Map<number, Standing>();
  return (client) => {
    let s = known.get(client);
    if (s === undefined) known.set(client, (s = standingOf(doc, client)));
    return s;
  };
}

/**
 * The stale writes among `writes` (values of existing cards' fields, each origin resolved by
 * `inspected.lookup`). A value whose origin is another value of the update inherits the verdict
 * of its chain's first value (the one whose origin is in the document); each chain is walked once.
 */
export function staleWrites(doc: Y.Doc, inspected: InspectedUpdate, writes: readonly FieldWrite[], writer: Standing): StaleVerdict {
  const standing = standings(doc);
  const writeOf = new Map(writes.map((w) => [w.item, w]));
  const memo = new Map<Y.Item, boolean>();
  const budget = { left: WALK_BUDGET };
  const decide = (write: FieldWrite): boolean => {
    const chain: FieldWrite[] = [];
    let verdict = false;
    for (let cur: FieldWrite | undefined = write; cur !== undefined;) {
      const known = memo.get(cur.item);
      if (known !== undefined) {
        verdict = known;
        break;
      }
      chain.push(cur);
      memo.set(cur.item, false); // a cycle of origins ends here
      const found: ReturnType<InspectedUpdate['lookup']> = cur.item.origin === null ? null : inspected.lookup(cur.item.origin);
      if (found?.inDoc) verdict = staleInDoc(cur, found, writer, standing, budget);
      cur = found && !found.inDoc && found.struct instanceof Y.Item ? writeOf.get(found.struct) : undefined;
    }
    for (const w of chain) memo.set(w.item, verdict);
    return verdict;
  };
  const result: StaleVerdict = { stale: new Set(), slots: new Set(), cards: [] };
  const cards = new Set<string>();
  for (const write of writes) {
    if (EXEMPT.has(write.field) || !decide(write)) continue;
    result.stale.add(write.item);
    result.slots.add(fieldSlot(write.cardId, write.field));
    if (!cards.has(write.cardId)) result.cards.push(write.cardId);
    cards.add(write.cardId);
  }
  return result;
}
