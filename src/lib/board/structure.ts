/** Board commands for the board's frame: its set-up, topic columns and organizations. */
import type * as Y from 'yjs';
import { requireTitle } from './command-input.js';
import { BoardError } from './errors.js';
import { newId } from './ids.js';
import { cardsMap, entryFrom, metaMap, orgsMap, SCHEMA_VERSION, topicsMap } from './layout.js';
import type { BoardOrigin } from './origin.js';
import type { ProjectorView } from './types.js';

export interface BoardSetup {
  title: string;
  topics: readonly string[];
  orgs: readonly string[];
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
