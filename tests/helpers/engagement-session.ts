/**
 * What the audience-participation tests (votes, reactions, polls) share: the file's in-process
 * server, raw socket.io clients and Yjs providers closed after the file, cards written over Yjs,
 * and the board as the server holds it. `ts` is a live binding, set once `engagementSession()`
 * has run its hook.
 */
import { afterAll } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';
import { serverTest } from '../fixtures.js';
import type { TestEvent, TestServer } from './test-server.js';

export let ts: TestServer;
const sockets: TestSocket[] = [];
const providers: ProviderClient[] = [];

/** Registers the file's hooks: the server before its tests, the clients closed after them. */
export function engagementSession(): void {
  serverTest.beforeAll(async ({ server }) => {
    ts = server;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const p of providers) p.destroy();
  });
}

export async function socket(ev: TestEvent, role: keyof TestEvent['tokens'], deviceId?: string): Promise<TestSocket> {
  const s = await connectAs(ts.url, ev.boardId, ev.tokens[role], deviceId);
  sockets.push(s);
  return s;
}

export async function provider(ev: TestEvent, role: keyof TestEvent['tokens'], deviceId?: string): Promise<ProviderClient> {
  const p = await openProvider(ts.wsUrl, ev.boardId, ev.tokens[role], { deviceId });
  providers.push(p);
  return p;
}

/** Cards written over Yjs by a writer (moderator or panelist), waited for on the server. */
export async function writeCards(ev: TestEvent, writer: ProviderClient, texts: string[]): Promise<string[]> {
  const s = readBoard(writer.doc);
  const key = participantKey(ev.boardId, writer.deviceId);
  const ids = texts.map((text, i) =>
    addCard(writer.doc, { kind: 'pitfall', text, orgId: s.orgs[i % s.orgs.length].id, author: '', authorKey: key, topicId: s.topics[0].id }, LOCAL)
  );
  await waitFor(() => ts.server.registry.withBoard(ev.boardId, (b) => ids.every((id) => b.full.doc.getMap('cards').has(id))), 'cards on the server');
  return ids;
}

export const serverState = (ev: TestEvent) => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc));
export const held = async (ev: TestEvent, voter: string): Promise<number> => [...(await serverState(ev)).votes.values()].filter((voters) => voters.has(voter)).length;
