/**
 * Board commands: the only code that writes a board's Y types. Each runs in one transaction
 * with a typed origin, and validates its input first (throwing BoardError). This file holds the
 * card commands; structure.ts the frame (set-up, topics, organizations), controls.ts what the
 * moderator runs.
 */
import type * as Y from 'yjs';
import { cardEntry, cleanName, cleanText } from './command-input.js';
import { BoardError } from './errors.js';
import { newId } from './ids.js';
import { cardsMap, clustersMap, entryFrom, isCardKind, metaMap, readCard } from './layout.js';
import type { BoardOrigin } from './origin.js';
import { MAX_NAME, MAX_TITLE, type CardKind } from './types.js';

export * from './structure.js';
export * from './controls.js';

export interface NewCard {
  id?: string;
  kind: CardKind;
  text: string;
  orgId: string | null;
  author: string;
  /** The author agreed to show `author` on the public outputs (absent: no). */
  nameConsent?: boolean;
  authorKey: string;
  topicId: string | null;
}

export type CardPatch = Partial<Pick<NewCard, 'kind' | 'text' | 'orgId' | 'author' | 'nameConsent'>>;

/** Next order value at the end of a column. */
function endOrder(doc: Y.Doc, topicId: string | null): number {
  let max = 0;
  for (const [id, entry] of cardsMap(doc)) {
    const card = readCard(id, entry);
    if (card.topicId === topicId && card.order > max) max = card.order;
  }
  return max + 1;
}

export function addCard(doc: Y.Doc, input: NewCard, origin: BoardOrigin, now = Date.now()): string {
  if (!isCardKind(input.kind)) throw new BoardError('invalid', 'Unknown card kind');
  const text = cleanText(input.text);
  const author = cleanName(input.author, MAX_NAME, 'Author name');
  const id = input.id ?? newId();
  if (cardsMap(doc).has(id)) throw new BoardError('invalid', `Card ${id} exists`);
  doc.transact(() => {
    const order = endOrder(doc, input.topicId);
    cardsMap(doc).set(
      id,
      entryFrom({
        id,
        kind: input.kind,
        text,
        orgId: input.orgId,
        author,
        nameConsent: input.nameConsent === true,
        authorKey: input.authorKey,
        topicId: input.topicId,
        order,
        createdAt: now,
        updatedAt: now,
        hidden: false,
        clusterId: null,
        redactedAt: null
      })
    );
  }, origin);
  return id;
}

export function editCard(doc: Y.Doc, id: string, patch: CardPatch, origin: BoardOrigin, now = Date.now()): void {
  const entry = cardEntry(doc, id);
  if (patch.kind !== undefined && !isCardKind(patch.kind)) throw new BoardError('invalid', 'Unknown card kind');
  const text = patch.text === undefined ? undefined : cleanText(patch.text);
  const author = patch.author === undefined ? undefined : cleanName(patch.author, MAX_NAME, 'Author name');
  doc.transact(() => {
    if (patch.kind !== undefined) entry.set('kind', patch.kind);
    if (text !== undefined) entry.set('text', text);
    if (patch.orgId !== undefined) entry.set('orgId', patch.orgId);
    if (author !== undefined) entry.set('author', author);
    if (patch.nameConsent !== undefined && entry.get('nameConsent') !== patch.nameConsent) entry.set('nameConsent', patch.nameConsent);
    entry.set('updatedAt', now);
  }, origin);
}

/**
 * Moves a card to a topic column, before `beforeId` (or to the end when null).
 * The order key is the midpoint of its new neighbours, so a move writes one card only.
 */
export function moveCard(doc: Y.Doc, id: string, to: { topicId: string | null; beforeId: string | null }, origin: BoardOrigin, now = Date.now()): void {
  const entry = cardEntry(doc, id);
  const column = [...cardsMap(doc)]
    .map(([cid, e]) => readCard(cid, e))
    .filter((c) => c.topicId === to.topicId && c.id !== id)
    .sort((a, b) => a.order - b.order);
  let order: number;
  const at = to.beforeId === null ? -1 : column.findIndex((c) => c.id === to.beforeId);
  if (at < 0) order = (column.at(-1)?.order ?? 0) + 1;
  else order = at === 0 ? column[0].order - 1 : (column[at - 1].order + column[at].order) / 2;
  doc.transact(() => {
    entry.set('topicId', to.topicId);
    entry.set('order', order);
    entry.set('updatedAt', now);
  }, origin);
}

export function setHidden(doc: Y.Doc, id: string, hidden: boolean, origin: BoardOrigin): void {
  const entry = cardEntry(doc, id);
  doc.transact(() => {
    entry.set('hidden', hidden);
    if (hidden && metaMap(doc).get('spotlight') === id) metaMap(doc).set('spotlight', null);
  }, origin);
}

/**
 * Groups cards into one cluster. If any of them already sits in a cluster, the first such
 * cluster absorbs the others, so clustering is idempotent and never nests.
 */
export function clusterCards(doc: Y.Doc, cardIds: readonly string[], title: string, origin: BoardOrigin, now = Date.now()): string {
  if (cardIds.length < 2) throw new BoardError('invalid', 'A cluster needs at least two cards');
  const entries = cardIds.map((id) => cardEntry(doc, id));
  const existing = entries.map((e) => e.get('clusterId')).find((c): c is string => typeof c === 'string' && clustersMap(doc).has(c));
  const id = existing ?? newId(8);
  doc.transact(() => {
    if (!existing) clustersMap(doc).set(id, entryFrom({ id, title: cleanName(title, MAX_TITLE, 'Cluster title'), createdAt: now }));
    else if (title.trim())
      clustersMap(doc)
        .get(id)
        ?.set('title', cleanName(title, MAX_TITLE, 'Cluster title'));
    const absorbed = new Set(entries.map((e) => e.get('clusterId')).filter((c) => typeof c === 'string' && c !== id));
    for (const [, e] of cardsMap(doc)) if (absorbed.has(e.get('clusterId'))) e.set('clusterId', id);
    for (const e of entries) e.set('clusterId', id);
  }, origin);
  return id;
}

export function unclusterCard(doc: Y.Doc, cardId: string, origin: BoardOrigin): void {
  const entry = cardEntry(doc, cardId);
  doc.transact(() => entry.set('clusterId', null), origin);
}
