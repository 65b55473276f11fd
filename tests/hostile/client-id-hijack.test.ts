/**
 * Issue 13, finding 8: a Yjs client id belongs to the participant that first used it (W8,
 * docs/protocol.md §4). On main, an update claiming another writer's client id was refused and
 * its clocks filled with placeholders (or, if acceptable, applied), so that writer's offline
 * edits, which need those clocks, never synced, and nobody saw an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { cardsMap, entryFrom } from '../../src/lib/board/layout.js';
import { mintDevice } from '../../support/device.js';
import { syncUpdateMessage } from '../../support/hostile-updates.js';
import { waitFor } from '../../support/wait.js';
import { cardFields } from '../helpers/write-policy.js';
import { openProvider } from '../../support/yjs-clients.js';
import { expectBoardHealthy, rawWs, startBoard, type Board } from './harness.js';

describe('client ids belong to their first writer (issue 13, finding 8)', () => {
  let board: Board;
  beforeAll(async () => {
    board = await startBoard();
  });
  afterAll(async () => board.ts.dispose());

  const serverDoc = <T>(fn: (doc: Y.Doc) => T): Promise<T> => board.ts.server.registry.withBoard(board.ev.boardId, (b) => fn(b.full.doc));

  it('another panelist writing under a writer’s client id changes nothing, and the writer’s offline edits still sync', async () => {
    const { ev } = board;
    const alice = await openProvider(board.ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const aliceKey = participantKey(ev.boardId, alice.deviceId);
    const card = (text: string) => addCard(alice.doc, { kind: 'weakness', text, orgId: null, author: 'A', authorKey: aliceKey, topicId: null }, LOCAL);
    const online = card('Alice online');
    await waitFor(() => serverDoc((d) => cardsMap(d).has(online)), 'alice’s first card on the server');
    alice.provider.disconnect();
    const offline = card('Alice offline');

    const malloryDevice = await mintDevice(board.ts.url);
    const malloryKey = participantKey(ev.boardId, malloryDevice);
    const mallory = rawWs(`${board.ts.wsUrl}/yjs/${ev.boardId}?token=${ev.tokens.panelist}&device=${malloryDevice}`);
    await mallory.opened;
    const stateBefore = await serverDoc((d) => Y.getState(d.store, alice.doc.clientID));
    expect(stateBefore).toBeGreaterThan(0);
    // Two updates under alice's client id at its next clock: one the policy refuses (on main: the
    // placeholders), one it would accept (a valid card of mallory's own).
    const forged = (change: (d: Y.Doc) => void): Promise<Uint8Array> =>
      serverDoc((server) => {
        const d = new Y.Doc();
        Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
        d.clientID = alice.doc.clientID; // after the sync: Yjs picks a new id when a remote update uses ours
        const sv = Y.encodeStateVector(d);
        change(d);
        return Y.encodeStateAsUpdate(d, sv);
      });
    mallory.ws.send(syncUpdateMessage(await forged((d) => d.getMap('meta').set('locked', true))));
    const fields = cardFields({ id: 'mallory', text: 'Mallory as Alice', author: 'M', authorKey: malloryKey });
    mallory.ws.send(syncUpdateMessage(await forged((d) => cardsMap(d).set('mallory', entryFrom(fields)))));
    // Mallory's own later card proves both forged frames were handled.
    const own = new Y.Doc();
    await serverDoc((server) => Y.applyUpdate(own, Y.encodeStateAsUpdate(server)));
    const sv = Y.encodeStateVector(own);
    cardsMap(own).set('mallory-own', entryFrom({ ...fields, id: 'mallory-own', text: 'Mallory as Mallory' }));
    mallory.ws.send(syncUpdateMessage(Y.encodeStateAsUpdate(own, sv)));
    await waitFor(() => serverDoc((d) => cardsMap(d).has('mallory-own')), 'mallory’s own card');

    expect(await serverDoc((d) => Y.getState(d.store, alice.doc.clientID))).toBe(stateBefore);
    expect(await serverDoc((d) => cardsMap(d).has('mallory'))).toBe(false);
    alice.provider.connect();
    await waitFor(() => serverDoc((d) => readBoard(d).cards.some((c) => c.id === offline && c.text === 'Alice offline')), 'alice’s offline card on the server', 15_000);
    mallory.ws.terminate();
    alice.destroy();
    await expectBoardHealthy(board);
  });
});
