/**
 * Board commands: the only code that writes a board's Y types. Each runs in one transaction
 * with a typed origin, and validates its input first (throwing BoardError).
 */
import type * as Y from 'yjs';
import { BoardError } from './errors.js';
import { newId } from './ids.js';
import {
  cardsMap,
  clustersMap,
  entryFrom,
  isCardKind,
  metaMap,
  orgsMap,
  readCard,
  SCHEMA_VERSION,
  topicsMap,
  type YEntry
} from './layout.js';
import type { BoardOrigin } from './origin.js';
import { MAX_CARD_TEXT, MAX_NAME, MAX_TITLE, type BoardSettings, type CardKind, type ProjectorStyle, type ProjectorView, type Timer } from './types.js';

export interface BoardSetup {
  title: string;
  topics: readonly string[];
  orgs: readonly string[];
}

export interface NewCard {
  id?: string;
  kind: CardKind;
  text: string;
  orgId: string | null;
  author: string;
  authorKey: string;
  topicId: string | null;
}

export type CardPatch = Partial<Pick<NewCard, 'kind' | 'text' | 'orgId' | 'author'>>;

/** Card text as stored: newlines normalised, trimmed, 1–MAX_CARD_TEXT characters. */
export function cleanText(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t.length === 0) throw new BoardError('invalid', 'Card text is empty');
  if (t.length > MAX_CARD_TEXT) throw new BoardError('too-long', `Card text exceeds ${MAX_CARD_TEXT} characters`);
  return t;
}

function cleanName(name: string, max: number, what: string): string {
  const n = name.trim();
  if (n.length > max) throw new BoardError('too-long', `${what} exceeds ${max} characters`);
  return n;
}

function requireTitle(title: string, what: string): string {
  const t = cleanName(title, MAX_TITLE, what);
  if (t.length === 0) throw new BoardError('invalid', `${what} is empty`);
  return t;
}

function cardEntry(doc: Y.Doc, id: string): YEntry {
  const entry = cardsMap(doc).get(id);
  if (!entry) throw new BoardError('not-found', `No card ${id}`);
  return entry;
}

/** Next order value at the end of a column. */
function endOrder(doc: Y.Doc, topicId: string | null): number {
  let max = 0;
  for (const [id, entry] of cardsMap(doc)) {
    const card = readCard(id, entry);
    if (card.topicId === topicId && card.order > max) max = card.order;
  }
  return max + 1;
}

export function initBoard(doc: Y.Doc, setup: BoardSetup, origin: BoardOrigin): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('schema', SCHEMA_VERSION);
    meta.set('title', requireTitle(setup.title, 'Board title'));
    meta.set('locked', false);
    meta.set('spotlight', null);
    meta.set('projector', { mode: 'board' } satisfies ProjectorView);
    setup.topics.forEach((title, i) => addTopicIn(doc, title, i + 1));
    setup.orgs.forEach((name, i) => addOrgIn(doc, name, i + 1));
  }, origin);
}

function addTopicIn(doc: Y.Doc, title: string, order: number): string {
  const id = newId(8);
  topicsMap(doc).set(id, entryFrom({ id, title: requireTitle(title, 'Topic'), order }));
  return id;
}

function addOrgIn(doc: Y.Doc, name: string, order: number): string {
  const id = newId(8);
  orgsMap(doc).set(id, entryFrom({ id, name: requireTitle(name, 'Organization'), order }));
  return id;
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
    entry.set('updatedAt', now);
  }, origin);
}

/**
 * Moves a card to a topic column, before `beforeId` (or to the end when null).
 * The order key is the midpoint of its new neighbours, so a move writes one card only.
 */
export function moveCard(
  doc: Y.Doc,
  id: string,
  to: { topicId: string | null; beforeId: string | null },
  origin: BoardOrigin,
  now = Date.now()
): void {
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
    else if (title.trim()) clustersMap(doc).get(id)?.set('title', cleanName(title, MAX_TITLE, 'Cluster title'));
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

export function setLocked(doc: Y.Doc, locked: boolean, origin: BoardOrigin): void {
  doc.transact(() => metaMap(doc).set('locked', locked), origin);
}

export function setSpotlight(doc: Y.Doc, cardId: string | null, origin: BoardOrigin): void {
  if (cardId !== null && readCard(cardId, cardEntry(doc, cardId)).hidden)
    throw new BoardError('invalid', 'A hidden card cannot be spotlighted');
  doc.transact(() => metaMap(doc).set('spotlight', cardId), origin);
}

export function setProjector(doc: Y.Doc, view: ProjectorView, origin: BoardOrigin): void {
  if (view.mode === 'topic' && !topicsMap(doc).has(view.topicId)) throw new BoardError('not-found', 'No such topic');
  if (view.mode === 'org' && !orgsMap(doc).has(view.orgId)) throw new BoardError('not-found', 'No such organization');
  doc.transact(() => metaMap(doc).set('projector', { ...view }), origin);
}

const PROJECTOR_STYLE_FIELDS = ['projectorLang', 'projectorTheme', 'projectorLargeText', 'projectorDensity'] as const satisfies readonly (keyof ProjectorStyle)[];

/** Changes only the given projector style fields; values are validated at the edge (schemas.ts). */
export function setProjectorStyle(doc: Y.Doc, patch: Partial<ProjectorStyle>, origin: BoardOrigin): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    for (const key of PROJECTOR_STYLE_FIELDS) if (patch[key] !== undefined) meta.set(key, patch[key]);
  }, origin);
}

/** Changes the given audience settings; `voteBudget: null` (unlimited) is stored as 0. */
export function setSettings(doc: Y.Doc, patch: Partial<BoardSettings>, origin: BoardOrigin): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    if (patch.preModeration !== undefined) meta.set('preModeration', patch.preModeration);
    if (patch.voteBudget !== undefined) meta.set('voteBudget', patch.voteBudget ?? 0);
    if (patch.commentsAllowed !== undefined) meta.set('commentsAllowed', patch.commentsAllowed);
    if (patch.reactions !== undefined) meta.set('reactions', [...new Set(patch.reactions)]);
  }, origin);
}

export type TimerCommand =
  | { op: 'set'; label: string; durationMs: number }
  | { op: 'start' }
  | { op: 'pause' }
  | { op: 'reset' }
  | { op: 'clear' };

export function runTimer(doc: Y.Doc, command: TimerCommand, origin: BoardOrigin, now = Date.now()): void {
  const meta = metaMap(doc);
  const current = meta.get('timer') as Timer | undefined | null;
  let next: Timer | null;
  switch (command.op) {
    case 'set': {
      if (!(command.durationMs > 0 && command.durationMs <= 4 * 3600_000)) throw new BoardError('invalid', 'Timer duration out of range');
      const label = cleanName(command.label, MAX_TITLE, 'Timer label');
      next = { label, durationMs: command.durationMs, startedAt: null, remainingMs: command.durationMs };
      break;
    }
    case 'start':
      if (!current) throw new BoardError('not-found', 'No timer set');
      next = current.startedAt !== null ? current : { ...current, startedAt: now };
      break;
    case 'pause':
      if (!current) throw new BoardError('not-found', 'No timer set');
      next =
        current.startedAt === null
          ? current
          : { ...current, startedAt: null, remainingMs: Math.max(0, current.remainingMs - (now - current.startedAt)) };
      break;
    case 'reset':
      if (!current) throw new BoardError('not-found', 'No timer set');
      next = { ...current, startedAt: null, remainingMs: current.durationMs };
      break;
    case 'clear':
      next = null;
      break;
    default: {
      const never: never = command;
      throw new BoardError('invalid', `Unknown timer op ${String(never)}`);
    }
  }
  doc.transact(() => meta.set('timer', next), origin);
}

export function addTopic(doc: Y.Doc, title: string, origin: BoardOrigin): string {
  let id = '';
  doc.transact(() => {
    const max = Math.max(0, ...[...topicsMap(doc).values()].map((e) => Number(e.get('order')) || 0));
    id = addTopicIn(doc, title, max + 1);
  }, origin);
  return id;
}

export function renameTopic(doc: Y.Doc, id: string, title: string, origin: BoardOrigin): void {
  const entry = topicsMap(doc).get(id);
  if (!entry) throw new BoardError('not-found', 'No such topic');
  const clean = requireTitle(title, 'Topic');
  doc.transact(() => entry.set('title', clean), origin);
}

/** Removes a topic column; its cards move to "unsorted" (topicId null), none is lost. */
export function removeTopic(doc: Y.Doc, id: string, origin: BoardOrigin): void {
  if (!topicsMap(doc).has(id)) throw new BoardError('not-found', 'No such topic');
  doc.transact(() => {
    for (const [, e] of cardsMap(doc)) if (e.get('topicId') === id) e.set('topicId', null);
    topicsMap(doc).delete(id);
    const projector = metaMap(doc).get('projector') as ProjectorView | undefined;
    if (projector?.mode === 'topic' && projector.topicId === id) metaMap(doc).set('projector', { mode: 'board' });
  }, origin);
}

export function addOrg(doc: Y.Doc, name: string, origin: BoardOrigin): string {
  let id = '';
  doc.transact(() => {
    const max = Math.max(0, ...[...orgsMap(doc).values()].map((e) => Number(e.get('order')) || 0));
    id = addOrgIn(doc, name, max + 1);
  }, origin);
  return id;
}

export function renameOrg(doc: Y.Doc, id: string, name: string, origin: BoardOrigin): void {
  const entry = orgsMap(doc).get(id);
  if (!entry) throw new BoardError('not-found', 'No such organization');
  const clean = requireTitle(name, 'Organization');
  doc.transact(() => entry.set('name', clean), origin);
}

/** Removes an organization from the list; cards keep their text and lose only the link. */
export function removeOrg(doc: Y.Doc, id: string, origin: BoardOrigin): void {
  if (!orgsMap(doc).has(id)) throw new BoardError('not-found', 'No such organization');
  doc.transact(() => {
    for (const [, e] of cardsMap(doc)) if (e.get('orgId') === id) e.set('orgId', null);
    orgsMap(doc).delete(id);
  }, origin);
}
