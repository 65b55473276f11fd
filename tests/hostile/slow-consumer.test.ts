/**
 * Slow consumers (docs/protocol.md §1.6, docs/limits.md): a client that stops reading must not
 * grow server memory without bound. A raw TCP websocket is paused (never reads) while it asks
 * for the full state again and again and writers keep writing; the server skips it past the
 * soft bound and closes it with 4508 SlowConsumer once it has fallen the hard bound behind.
 * Everyone else keeps receiving every card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { CloseCode } from '../../src/lib/protocol/close-codes.js';
import { waitFor } from '../../support/wait.js';
import { openProvider } from '../../support/yjs-clients.js';
import { clientFrame, closeFrameCode, expectBoardHealthy, rawTcpWebsocket, startBoard, type Board } from './harness.js';

const SOFT = 16 * 1024;
const HARD = 256 * 1024;

describe('a client that stops reading', () => {
  let board: Board;
  beforeAll(async () => {
    board = await startBoard({ LIMIT_SEND_BUFFER_SOFT_BYTES: String(SOFT), LIMIT_SEND_BUFFER_HARD_BYTES: String(HARD) });
  });
  afterAll(async () => board.ts.dispose());

  it(`is closed with ${CloseCode.SlowConsumer} once it is the hard bound behind; the other clients get every card`, async () => {
    const { ts, ev } = board;
    const writer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const observer = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
    const key = participantKey(ev.boardId, writer.deviceId);
    const write = (i: number): string => addCard(writer.doc, { kind: 'proposal', text: `${i} `.padEnd(480, 'x'), orgId: null, author: 'W', authorKey: key, topicId: null }, LOCAL);
    // A document of ~200 KB, so every full-state answer is large.
    const ids: string[] = [];
    writer.doc.transact(() => {
      for (let i = 0; i < 400; i++) ids.push(write(i));
    }, LOCAL);
    await waitFor(() => readBoard(observer.doc).cards.length >= ids.length, 'the observer to have the large board');

    const slow = await rawTcpWebsocket(board, `/yjs/${ev.boardId}?token=${ev.tokens.moderator}`);
    slow.socket.pause();
    const askFullState = clientFrame(0x82, Buffer.from([0, 0, 1, 0])); // sync step 1, empty state vector
    for (let i = 0; i < 100; i++) slow.write(askFullState);
    for (let i = 0; i < 100; i++) ids.push(write(1000 + i));

    await waitFor(() => ids.every((id) => readBoard(observer.doc).cards.some((c) => c.id === id)), 'the observer to get every card while the slow client stalls', 30_000);
    slow.socket.resume();
    const code = await waitFor(() => closeFrameCode(slow.received()), 'the slow client’s close frame', 30_000);
    expect(code).toBe(CloseCode.SlowConsumer);
    // What reached the slow client before the close is bounded: it was skipped, not buffered.
    expect(slow.received().length).toBeLessThan(100 * 200 * 1024);
    slow.socket.destroy();
    writer.destroy();
    observer.destroy();
    await expectBoardHealthy(board);
  });
});
