/**
 * The redaction tests' board (docs/redaction.md): a card holding a distinctive piece of personal
 * data, stored in a snapshot and in log entries after it, voted on, clustered and checkpointed;
 * and the scans of what the server holds in memory and what a new client receives.
 */
import * as Y from 'yjs';
import { addCard, editCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { checkpointsOf, occurrences, type Source } from './byte-scan.js';
import { call, type TestSocket } from '../../support/socket-client.js';
import type { TestEvent, TestServer } from './test-server.js';
import { waitFor } from '../../support/wait.js';
import { openRaw, type ProviderClient } from '../../support/yjs-clients.js';

export const SECRET = 'Jana Nováková +420 777 123 456';
/** The whole string, its distinctive ASCII part, and the name alone. */
export const NEEDLES = [SECRET, '777 123 456', 'Nováková'];
export const REDACTED = 'Paní z odboru sociálních věcí (kontakt odstraněn moderátorem)';
/** Checkpoints 20 ms after a change, so the history holds the card quickly. */
export const ENV = { LIMIT_CHECKPOINT_INTERVAL_MS: '20' };

export const serverText = (ts: TestServer, boardId: string, id: string) => ts.server.registry.withBoard(boardId, (b) => readBoard(b.full.doc).cards.find((c) => c.id === id)?.text);

/**
 * A panelist's card holding SECRET, created and edited so that the stored snapshot (of a
 * compaction) and several log entries after it hold it; clustered with another card, voted on,
 * and checkpointed into the history.
 */
export async function seedSecretCard(
  ts: TestServer,
  ev: TestEvent,
  panelist: ProviderClient,
  mod: TestSocket,
  voter: TestSocket
): Promise<{ id: string; other: string; clusterId: string }> {
  const key = participantKey(ev.boardId, panelist.deviceId);
  const topicId = readBoard(panelist.doc).topics[0].id;
  const add = (text: string) => addCard(panelist.doc, { kind: 'weakness', text, orgId: null, author: 'Petr', authorKey: key, topicId }, LOCAL);
  const id = add(`Kontakt na sociální pracovnici: ${SECRET}`);
  const other = add('Chybí tlumočníci na úřadech');
  const edit = async (i: number): Promise<void> => {
    const text = `Kontakt na sociální pracovnici: ${SECRET} (verze ${i})`;
    editCard(panelist.doc, id, { text }, LOCAL);
    await waitFor(async () => (await serverText(ts, ev.boardId, id)) === text, `edit ${i} to reach the server`);
    await ts.server.registry.flushAll(); // one stored entry per edit
  };
  for (let i = 1; i <= 3; i++) await edit(i);
  await ts.server.registry.withBoard(ev.boardId, async (b) => {
    await b.full.compactNow();
    await b.public.compactNow();
  });
  for (let i = 4; i <= 6; i++) await edit(i);
  const clustered = await call<{ clusterId: string }>(mod, 'card:cluster', { cardIds: [id, other], title: 'Úřady' });
  if (!clustered.ok) throw new Error(clustered.message);
  const voted = await call(voter, 'vote:toggle', { cardId: id });
  if (!voted.ok) throw new Error(voted.message);
  await waitFor(async () => occurrences(await checkpointsOf(ts.server.checkpoints, ev.boardId), [SECRET]).length > 0, 'a checkpoint holding the card');
  return { id, other, clusterId: clustered.data.clusterId };
}

/** The server's four in-memory documents of the board. */
export const serverDocs = (ts: TestServer, boardId: string): Promise<Source[]> =>
  ts.server.registry.withBoard(boardId, (b) =>
    Object.entries({ full: b.full.doc, 'full persisted': b.full.persisted, public: b.public.doc, 'public persisted': b.public.persisted }).map(([where, doc]) => ({
      where: `server ${where} doc`,
      bytes: Y.encodeStateAsUpdate(doc)
    }))
  );

/** Everything a new client receives (every frame) and holds, for the full and the public document. */
export async function newClients(ts: TestServer, ev: TestEvent): Promise<Source[]> {
  const clients = { full: openRaw(ts.wsUrl, ev.boardId, ev.tokens.moderator), public: openRaw(ts.wsUrl, ev.boardId, ev.tokens.audience) };
  try {
    await waitFor(() => clients.full.synced() && clients.public.synced(), 'new clients to sync');
    return Object.entries(clients).flatMap(([doc, c]) => [
      ...c.frames.map((bytes, i) => ({ where: `new ${doc} client frame ${i}`, bytes })),
      { where: `new ${doc} client state`, bytes: Y.encodeStateAsUpdate(c.doc) }
    ]);
  } finally {
    clients.full.close();
    clients.public.close();
  }
}
