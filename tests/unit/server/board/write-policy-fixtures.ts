/** What the write-policy tests share: writers, a server board with another writer's card, a client's update. */
import * as Y from 'yjs';
import { addCard, boardSetup, initBoard, LOCAL, readBoard } from '../../../../src/lib/board/index.js';
import type { WriterContext } from '../../../../server/board/write-policy.js';

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

/** A client replica of the server doc; returns the update its change produces. */
export function clientUpdate(server: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const updates: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => updates.push(u));
  change(client);
  return Y.mergeUpdates(updates);
}

export const newCard = (doc: Y.Doc, ctx: WriterContext, topicId: string | null, text = 'My card') =>
  addCard(doc, { kind: 'weakness', text, orgId: null, author: 'Me', authorKey: ctx.participantKey, topicId }, LOCAL);
