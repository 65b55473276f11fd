/**
 * Crashes lose nothing (docs/protocol.md §1.2: appended before relayed): the built server runs
 * as a child process, several clients write card streams, the process is SIGKILLed mid-stream
 * and restarted on the same DATA_DIR; every card any client had received from the server before
 * the kill is there afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { createTestEvent } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

describe('SIGKILL mid-stream', () => {
  const processes: ServerProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await p.kill();
    await processes[0]?.cleanup();
  });

  it('every update relayed to any client before the kill is present after a restart on the same DATA_DIR', async () => {
    const first = await startServerProcess();
    processes.push(first);
    const ev = await createTestEvent(first.url);
    const wsUrl = first.url.replace('http', 'ws');
    const writers = await Promise.all([0, 1, 2].map(() => openProvider(wsUrl, ev.boardId, ev.tokens.panelist)));
    const observers = await Promise.all([openProvider(wsUrl, ev.boardId, ev.tokens.moderator), openProvider(wsUrl, ev.boardId, ev.tokens.audience)]);
    const own = new Map<ProviderClient, Set<string>>(writers.map((w) => [w, new Set()]));
    let stop = false;
    const streams = writers.map(async (w, n) => {
      const key = participantKey(ev.boardId, w.deviceId);
      for (let i = 0; !stop; i++) {
        own.get(w)!.add(addCard(w.doc, { kind: 'question', text: `writer ${n} card ${i}`, orgId: null, author: `W${n}`, authorKey: key, topicId: null }, LOCAL));
        await new Promise((r) => setTimeout(r, 3));
      }
    });
    /** Card ids a client got from the server (for a writer: other writers' cards). */
    const relayed = (): Set<string> => {
      const seen = new Set<string>();
      for (const o of observers) for (const c of readBoard(o.doc).cards) seen.add(c.id);
      for (const w of writers) for (const c of readBoard(w.doc).cards) if (!own.get(w)!.has(c.id)) seen.add(c.id);
      return seen;
    };
    await waitFor(() => relayed().size >= 150, 'a stream of relayed cards', 30_000);
    await first.kill();
    stop = true;
    await Promise.all(streams);
    const before = relayed();
    for (const c of [...writers, ...observers]) c.destroy();

    const second = await startServerProcess({ dataDir: first.dataDir });
    processes.push(second);
    const after = await openProvider(second.url.replace('http', 'ws'), ev.boardId, ev.tokens.moderator);
    const present = new Set(readBoard(after.doc).cards.map((c) => c.id));
    after.destroy();
    const lost = [...before].filter((id) => !present.has(id));
    expect(before.size).toBeGreaterThanOrEqual(150);
    expect(lost).toEqual([]);
  });
});
