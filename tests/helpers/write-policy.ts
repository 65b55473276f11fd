/**
 * What the write-policy tests share (tests/unit/server/board/write-policy*.test.ts, the Q&A rules,
 * the client-id hijack): writers, a server board with another writer's card, a client replica and
 * the update its change produces, and a new card's raw entry for tests that write the layout by hand.
 */
import * as Y from 'yjs';
import { addCard, boardSetup, initBoard, LOCAL, readBoard } from '../../src/lib/board/index.js';
import { cardsMap, entryFrom } from '../../src/lib/board/layout.js';
import type { WriterContext } from '../../server/board/write-policy.js';

export const PANELIST: WriterContext = { role: 'panelist', participantKey: 'panelist-key' };
export const OTHER: WriterContext = { role: 'panelist', participantKey: 'other-key' };
export const MODERATOR: WriterContext = { role: 'moderator', participantKey: 'moderator-key' };

export function setup() {
  const server = new Y.Doc();
  initBoard(server, boardSetup('blank', 'en', 'Board'), LOCAL);
  const topicId = readBoard(server).topics[0].id;
  const theirs = addCard(server, { kind: 'question', text: 'Other card', orgId: null, author: 'O', authorKey: OTHER.participantKey, topicId }, LOCAL);
  return { server, topicId, theirs };
}

/** A client that has synced the server's doc. */
export function replica(server: Y.Doc): Y.Doc {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return client;
}

/** A client replica of the server doc; returns the update its change produces. */
export function clientUpdate(server: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const client = replica(server);
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  change(client);
  return Y.mergeUpdates(updates);
}

export const newCard = (doc: Y.Doc, ctx: WriterContext, topicId: string | null, text = 'My card') =>
  addCard(doc, { kind: 'weakness', text, orgId: null, author: 'Me', authorKey: ctx.participantKey, topicId }, LOCAL);

/** A card PANELIST wrote on a client and the server applied; the client stays synced for further edits. */
export function ownCard(server: Y.Doc, topicId: string | null): { client: Y.Doc; mine: string } {
  const client = replica(server);
  const mine = newCard(client, PANELIST, topicId);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  return { client, mine };
}

/** The fields of a valid new card (`c1` by PANELIST unless `over` says otherwise), as a client would write them into the layout by hand. */
export const cardFields = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'c1',
  kind: 'weakness',
  text: 't',
  orgId: null,
  author: '',
  authorKey: PANELIST.participantKey,
  topicId: null,
  order: 1,
  createdAt: Date.now(),
  updatedAt: Date.now(),
  hidden: false,
  clusterId: null,
  ...over
});

/** The update of a client that writes the entry `c1` with these fields by hand. */
export const insertCard = (server: Y.Doc, fields: Record<string, unknown>): Uint8Array => clientUpdate(server, (d) => d.transact(() => cardsMap(d).set('c1', entryFrom(fields))));
