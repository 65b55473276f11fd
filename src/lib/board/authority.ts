/**
 * Whose word a Yjs client id carries on a board, a command module like commands.ts. The write
 * policy's rule W10 (docs/protocol.md §4) keeps a value of higher standing from being replaced
 * by a writer who had not seen it; to tell standings apart after a restart and across
 * instances, the server records its own client ids and those of moderator connections in the
 * `authority` root of the full document. Only the server writes it (W1 refuses that root over
 * Yjs); a client id absent from it is a writer's (a panelist's, or a moderator's before the
 * record was kept).
 */
import type * as Y from 'yjs';
import { cardsMap, ROOT } from './layout.js';
import type { BoardOrigin } from './origin.js';

/** 0: a writer (panelist); 1: a moderator connection; 2: the server (actions, redaction, restore). */
export type Standing = 0 | 1 | 2;

export const STANDING = { writer: 0, moderator: 1, server: 2 } as const satisfies Record<string, Standing>;

const SERVER = 'server';
const MODERATOR = 'moderator:';

export const authorityMap = (doc: Y.Doc): Y.Map<string> => doc.getMap(ROOT.authority);

/** The standing of a client id's values; the document's own client id is the server's. */
export function standingOf(doc: Y.Doc, client: number): Standing {
  if (client === doc.clientID) return STANDING.server;
  const record = authorityMap(doc).get(String(client));
  if (record === SERVER) return STANDING.server;
  return typeof record === 'string' && record.startsWith(MODERATOR) ? STANDING.moderator : STANDING.writer;
}

/**
 * Who owns a recorded client id (W8): `server` for the server's, the moderator's participant
 * key for a moderator connection's; null when the id is not recorded.
 */
export function recordedOwner(doc: Y.Doc, client: number): { kind: 'server' } | { kind: 'moderator'; participantKey: string } | null {
  const record = authorityMap(doc).get(String(client));
  if (record === SERVER) return { kind: 'server' };
  if (typeof record === 'string' && record.startsWith(MODERATOR)) return { kind: 'moderator', participantKey: record.slice(MODERATOR.length) };
  return null;
}

/** Records the document's own client id as the server's (once per id). */
export function recordServer(doc: Y.Doc, origin: BoardOrigin): void {
  const key = String(doc.clientID);
  if (authorityMap(doc).get(key) !== SERVER) doc.transact(() => authorityMap(doc).set(key, SERVER), origin);
}

/** Records client ids as a moderator connection's (those not recorded yet). */
export function recordModerator(doc: Y.Doc, clients: readonly number[], participantKey: string, origin: BoardOrigin): void {
  const map = authorityMap(doc);
  const value = `${MODERATOR}${participantKey}`;
  const fresh = clients.filter((c) => map.get(String(c)) !== value);
  if (fresh.length === 0) return;
  doc.transact(() => {
    for (const client of fresh) map.set(String(client), value);
  }, origin);
}

/** A value a moderator's update set on a card field, identified by its Yjs item id. */
export interface SetValue {
  cardId: string;
  field: string;
  id: Y.ID;
  value: unknown;
}

const holds = (s: { id: Y.ID; length: number }, id: Y.ID): boolean => s.id.client === id.client && id.clock >= s.id.clock && id.clock < s.id.clock + s.length;

/**
 * After a moderator's update is applied: a value of it that lost Yjs's tie-break to a writer's
 * concurrent value (the higher client id wins a tie) is written again on top, by the server, so
 * the moderator's word stands over a panelist's concurrent edit. Returns how many were rewritten.
 */
export function keepModeratorValues(doc: Y.Doc, values: readonly SetValue[], origin: BoardOrigin): number {
  const lost = values.filter((v) => {
    const current = cardsMap(doc).get(v.cardId)?._map.get(v.field);
    return current !== undefined && !current.deleted && !holds(current, v.id) && standingOf(doc, current.id.client) < STANDING.moderator;
  });
  if (lost.length === 0) return 0;
  doc.transact(() => {
    for (const v of lost) cardsMap(doc).get(v.cardId)?.set(v.field, v.value);
  }, origin);
  return lost.length;
}
