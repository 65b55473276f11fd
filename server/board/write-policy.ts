/**
 * The write firewall for Yjs updates from moderator and panelist connections. An update is
 * accepted whole or dropped whole. Accepted (see docs/protocol.md, "Write policy"):
 *   W1  inserting a new `cards/<id>` entry with every card field, valid values, the writer's own
 *       authorKey, hidden = false, clusterId = null and (optional) redactedAt = null;
 *   W2  setting a CARD_CONTENT_FIELDS field of a card the writer may edit (src/lib/board/editing.ts:
 *       its own, or any with `card:edit-any`);
 *   W3  deleting the previous value of a field W2 sets in the same update (a map overwrite).
 * Everything else is refused: other roots, moderation fields, overwriting an entry, unresolvable
 * or missing dependencies (W4), and any change by a panelist while the board is locked (W5).
 * Deletions other than W3 (deleting cards, fields, anything else) are stripped from an update
 * whose inserts are acceptable (W6): a reconnecting client's sync step 2 carries its whole delete
 * set, and one stale refused deletion must not sink its valid offline edits.
 *   W7  values lie in range: timestamps near the server's time, bounded orders and ids
 *       (value-ranges.ts);
 *   W8  (checked before decoding, server/board/client-ids.ts) the update writes only under
 *       client ids its participant owns;
 *   W9  the new values of one field form one chain: no two share an origin, and a field of a
 *       card already in the document gets no value without an origin (Yjs walks such values
 *       against every other, so a few thousand of them cost seconds to integrate);
 *   W10 (stale-writes.ts) a value whose writer had not seen a later value of higher standing
 *       (the moderator's, the server's) is stripped like W6 deletions, its clocks tombstoned.
 */
import * as Y from 'yjs';
import { mayEditCard } from '../../src/lib/board/editing.js';
import { CARD_CONTENT_FIELDS, CARD_FIELDS, cardsMap, ROOT, type YEntry } from '../../src/lib/board/layout.js';
import { STANDING, type SetValue } from '../../src/lib/board/authority.js';
import { fieldSlot as slot, staleWrites, type FieldWrite, type StaleVerdict } from './stale-writes.js';
import type { StaleValues } from '../../src/lib/protocol/yjs-notice.js';
import { encodeUpdateV1, type DeleteRange } from '../sync/update-encode.js';
import { inspectUpdate, tombstonesOf, type InspectedUpdate, type Place } from '../sync/update-inspect.js';
import { validValue } from './field-values.js';
import { outOfRange } from './value-ranges.js';

export interface WriterContext {
  role: 'moderator' | 'panelist';
  participantKey: string;
  /** The server's time for W7 (default: now). */
  now?: number;
}

export type PolicyVerdict =
  /** Apply `update` (possibly `effective: false`, a no-op). */
  | { kind: 'accept'; update: Uint8Array; effective: boolean; moderatorValues: ModeratorValue[] }
  /**
   * Some deletions (W6) or stale values (W10) were stripped; apply `update` if effective, count
   * a refusal, and tell the writer which cards kept the other value (`staleCards`), with the
   * writer's own stripped text and kind of each (`staleValues`: the notice hands them back).
   */
  | {
      kind: 'partial';
      update: Uint8Array;
      effective: boolean;
      rule: 'W6' | 'W10';
      detail: string;
      staleCards: string[];
      staleValues: StaleValues;
      moderatorValues: ModeratorValue[];
    }
  /**
   * Nothing of it may be applied. `tombstones`: the update's clocks filled with GC structs (see
   * `tombstoneUpdate`), when it decoded without gaps.
   */
  | { kind: 'refuse'; rule: string; detail: string; tombstones: Uint8Array | null };

type CardTarget = { cardId: string; isNew: boolean; authorKey: string | null; entry: YEntry | null };

/** A value a moderator's update sets on an existing card: checked again once applied (keepModeratorValues). */
export type ModeratorValue = SetValue;

const CONTENT = new Set<string>(CARD_CONTENT_FIELDS);
const ALL_FIELDS = new Set<string>(CARD_FIELDS);
// `redactedAt` came later: cards from clients that predate it stay acceptable without it.
// `nameConsent` too (docs/privacy.md §5): a card without it shows no name on the public outputs.
// `answeredAt` is absent until the moderator marks a question answered.
const OPTIONAL_ON_NEW = new Set<string>(['redactedAt', 'nameConsent', 'answeredAt']);
const REQUIRED = CARD_FIELDS.filter((f) => !OPTIONAL_ON_NEW.has(f));

class Refused extends Error {
  constructor(
    readonly rule: string,
    readonly detail: string
  ) {
    super(detail);
  }
}

/** The single value an item carries, or `undefined` for deleted (gc'd) content. */
function itemValue(item: Y.Item): { value: unknown } | undefined {
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return undefined;
  if (content instanceof Y.ContentAny && content.arr.length === 1) return { value: content.arr[0] };
  throw new Refused('W1', 'field content must be one plain value');
}

interface Walk {
  inspected: InspectedUpdate;
  ctx: WriterContext;
  doc: Y.Doc;
  newCards: Map<string, { cardId: string; fields: Set<string> }>;
  /** Card ids inserted by this update (W1: each once). */
  newCardIds: Set<string>;
  overwrites: Set<string>;
  /** `slot + origin` of every field value of this update (W9). */
  chains: Set<string>;
  /** Values of existing cards' fields (W10). */
  writes: FieldWrite[];
  now: number;
}

const idKey = (id: Y.ID): string => `${id.client}:${id.clock}`;

/** The card whose entry map is the item with this id (new in the update, or live in the doc). */
function cardOfEntry(walk: Walk, entryId: Y.ID): CardTarget {
  const fresh = walk.newCards.get(idKey(entryId));
  if (fresh) return { cardId: fresh.cardId, isNew: true, authorKey: walk.ctx.participantKey, entry: null };
  const found = walk.inspected.lookup(entryId);
  if (!found || !found.inDoc || !(found.struct instanceof Y.Item)) throw new Refused('W4', 'unknown parent');
  const item = found.struct;
  const place = walk.inspected.placeOf(item);
  if (!place || !('root' in place.parent) || place.parent.root !== ROOT.cards || place.key === null) throw new Refused('W2', 'parent is not a card');
  const entry = cardsMap(walk.doc).get(place.key);
  if (item.deleted || !entry || entry._item !== item) throw new Refused('W2', 'card entry is not current');
  const authorKey = entry.get('authorKey');
  return { cardId: place.key, isNew: false, authorKey: typeof authorKey === 'string' ? authorKey : null, entry };
}

function checkNewCard(walk: Walk, item: Y.Item, place: Place): void {
  const cardId = place.key;
  if (cardId === null || !/^[A-Za-z0-9_-]{1,64}$/.test(cardId)) throw new Refused('W1', 'bad card id');
  if (item.origin !== null || item.rightOrigin !== null || cardsMap(walk.doc).has(cardId) || walk.newCardIds.has(cardId))
    throw new Refused('W1', 'card entries may only be inserted, never replaced');
  walk.newCardIds.add(cardId);
  if (!(item.content instanceof Y.ContentType && item.content.type instanceof Y.Map)) throw new Refused('W1', 'card entry must be a map');
  walk.newCards.set(idKey(item.id), { cardId, fields: new Set() });
}

function checkField(walk: Walk, item: Y.Item, place: Place & { parent: { item: Y.ID } }): void {
  const target = cardOfEntry(walk, place.parent.item);
  const field = place.key;
  if (field === null || !ALL_FIELDS.has(field)) throw new Refused('W1', `unknown card field ${String(field)}`);
  if (!target.isNew && !CONTENT.has(field)) throw new Refused('W2', `field ${field} is not writable over Yjs`);
  if (!target.isNew && !mayEditCard(walk.ctx, target)) throw new Refused('W2', 'not the author of this card');
  const value = itemValue(item);
  if (value !== undefined && !validValue(field, value.value, target.cardId, walk.ctx.participantKey)) throw new Refused('W1', `invalid value for ${field}`);
  const range = value === undefined ? null : outOfRange(field, value.value, walk.now);
  if (range !== null) throw new Refused('W7', range);
  checkChain(walk, item, slot(target.cardId, field), target.isNew);
  if (target.entry) walk.writes.push({ item, cardId: target.cardId, field, entry: target.entry });
  walk.newCards.get(idKey(place.parent.item))?.fields.add(field);
  walk.overwrites.add(slot(target.cardId, field));
}

/** W9: one chain of new values per field, and values of existing fields follow one. */
function checkChain(walk: Walk, item: Y.Item, fieldSlot: string, isNew: boolean): void {
  if (item.rightOrigin !== null) throw new Refused('W9', 'a field value has no right origin');
  if (item.origin === null && !isNew) throw new Refused('W9', 'a value of an existing field without an origin');
  const link = `${fieldSlot}\u0000${item.origin === null ? '-' : idKey(item.origin)}`;
  if (walk.chains.has(link)) throw new Refused('W9', 'two values of one field with the same origin');
  walk.chains.add(link);
}

function checkInsert(walk: Walk, item: Y.Item): void {
  const place = walk.inspected.placeOf(item);
  if (!place) throw new Refused('W4', 'unresolvable item');
  if ('root' in place.parent) {
    if (place.parent.root !== ROOT.cards) throw new Refused('W1', `root ${place.parent.root} is not writable over Yjs`);
    checkNewCard(walk, item, place);
  } else checkField(walk, item, { parent: place.parent, key: place.key });
}

function deleteAllowed(walk: Walk, stale: StaleVerdict, item: Y.Item): boolean {
  const parent = item.parent;
  const entryItem = parent instanceof Y.AbstractType ? parent._item : null;
  if (!entryItem || item.parentSub === null) return false;
  try {
    const target = cardOfEntry(walk, entryItem.id);
    const at = slot(target.cardId, item.parentSub);
    return walk.overwrites.has(at) && !stale.slots.has(at);
  } catch {
    return false;
  }
}

/** The update with only the `allowed` deletions of live items, and its `stale` values turned into tombstones. */
function stripped(inspected: InspectedUpdate, allowed: InspectedUpdate['deletes'], stale: ReadonlySet<Y.Item>): Uint8Array {
  const ds = new Map<number, DeleteRange[]>();
  const add = (client: number, range: DeleteRange): void => void ds.set(client, [...(ds.get(client) ?? []), range]);
  for (const { item, range } of allowed) add(item.id.client, range);
  for (const { client, range } of inspected.freshDeletes) add(client, range);
  for (const ranges of ds.values()) ranges.sort((a, b) => a.clock - b.clock);
  const structs = stale.size === 0 ? inspected.structs : inspected.structs.map((s) => (s instanceof Y.Item && stale.has(s) ? new Y.GC(s.id, s.length) : s));
  return encodeUpdateV1(structs, ds);
}

function isLocked(doc: Y.Doc): boolean {
  return doc.getMap(ROOT.meta).get('locked') === true;
}

function checkInserts(walk: Walk): void {
  const { inspected } = walk;
  const items = inspected.fresh.map((s) => {
    if (!(s instanceof Y.Item)) throw new Refused('W4', 'garbage-collected struct');
    return s;
  });
  // Entries first, so their fields find them whatever the order of clients in the update.
  const isEntry = (item: Y.Item): boolean => {
    const place = inspected.placeOf(item);
    return place !== null && 'root' in place.parent;
  };
  for (const item of items.filter(isEntry)) checkInsert(walk, item);
  for (const item of items.filter((i) => !isEntry(i))) checkInsert(walk, item);
  for (const card of walk.newCards.values()) for (const field of REQUIRED) if (!card.fields.has(field)) throw new Refused('W1', `new card lacks ${field}`);
}

/** Values a moderator's update sets on existing cards (not stripped, `updatedAt` aside). */
function moderatorValues(walk: Walk, stale: StaleVerdict): ModeratorValue[] {
  if (walk.ctx.role !== 'moderator') return [];
  const values: ModeratorValue[] = [];
  for (const { item, cardId, field } of walk.writes) {
    const value = field === 'updatedAt' || stale.stale.has(item) ? undefined : itemValue(item);
    if (value !== undefined) values.push({ cardId, field, id: item.id, value: value.value });
  }
  return values;
}

/** The writer's own text and kind among the stale values, by card: the last of each in the update. */
function staleValuesOf(walk: Walk, stale: StaleVerdict): StaleValues {
  const values: Record<string, { text?: string; kind?: string }> = {};
  for (const { item, cardId, field } of walk.writes) {
    if (!stale.stale.has(item) || (field !== 'text' && field !== 'kind')) continue;
    const value = itemValue(item)?.value;
    if (typeof value === 'string') (values[cardId] ??= {})[field] = value;
  }
  return values;
}

/** W3/W6 over the deletions, W10 over the values of existing cards; the verdict once the inserts passed. */
function verdictOf(walk: Walk, update: Uint8Array): PolicyVerdict {
  const { inspected, doc } = walk;
  const stale = staleWrites(doc, inspected, walk.writes, walk.ctx.role === 'moderator' ? STANDING.moderator : STANDING.writer);
  const allowed = inspected.deletes.filter((d) => deleteAllowed(walk, stale, d.item));
  const effective = inspected.fresh.length > 0 || allowed.length > 0;
  const values = moderatorValues(walk, stale);
  if (allowed.length === inspected.deletes.length && stale.stale.size === 0) return { kind: 'accept', update, effective, moderatorValues: values };
  const deletions = inspected.deletes.length - allowed.length;
  const detail = [
    stale.stale.size > 0 ? `${stale.stale.size} stale value(s) of ${stale.cards.length} card(s) stripped` : '',
    deletions > 0 ? `${deletions} deletion(s) stripped` : ''
  ]
    .filter(Boolean)
    .join('; ');
  const rule = stale.stale.size > 0 ? 'W10' : 'W6';
  return {
    kind: 'partial',
    update: stripped(inspected, allowed, stale.stale),
    effective,
    rule,
    detail,
    staleCards: stale.cards,
    staleValues: staleValuesOf(walk, stale),
    moderatorValues: values
  };
}

export function checkWriterUpdate(doc: Y.Doc, update: Uint8Array, ctx: WriterContext): PolicyVerdict {
  let inspected: InspectedUpdate | null = null;
  const refuse = (rule: string, detail: string): PolicyVerdict => ({ kind: 'refuse', rule, detail, tombstones: inspected ? tombstonesOf(doc, inspected) : null });
  try {
    inspected = inspectUpdate(doc, update);
    if (inspected.missing) return refuse('W4', inspected.missing);
    if (inspected.fresh.length === 0 && inspected.deletes.length === 0) return { kind: 'accept', update, effective: false, moderatorValues: [] };
    if (ctx.role === 'panelist' && isLocked(doc)) return refuse('W5', 'board is locked');
    const walk: Walk = { inspected, ctx, doc, newCards: new Map(), newCardIds: new Set(), overwrites: new Set(), chains: new Set(), writes: [], now: ctx.now ?? Date.now() };
    checkInserts(walk);
    return verdictOf(walk, update);
  } catch (err) {
    if (err instanceof Refused) return refuse(err.rule, err.detail);
    return refuse('W4', `undecodable update: ${err instanceof Error ? err.message : String(err)}`);
  }
}
