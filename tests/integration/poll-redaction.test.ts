/**
 * poll:redact with the SQLite store (docs/redaction.md): personal data typed into a poll by the
 * moderator (a question naming someone, an option with a phone number), not copied from a card,
 * in an open and a closed poll. After poll:redact no earlier version remains in the files under
 * DATA_DIR (db, WAL), the history checkpoints, the server's documents, the exports, or what a new
 * client receives; votes cast on the options stay. Each scan is first shown to find the text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoard } from '../../src/lib/board/index.js';
import { checkpointsOf, filesUnder, occurrences, type Source } from '../helpers/byte-scan.js';
import { exportsAndQueue } from '../helpers/erasure-copies.js';
import { ENV, newClients, serverDocs } from '../helpers/redaction-fixture.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';

const QUESTION = 'Má paní Hana Králová z azylového domu pravdu?';
const OPTION = 'Ano, volejte jí na 606 777 888';
const NEEDLES = ['Králová', '606 777 888'];

describe('poll:redact with the SQLite store', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let mod: TestSocket;
  let voter: TestSocket;
  const polls: string[] = [];

  const everything = async (): Promise<Source[]> => {
    await ts.server.registry.flushAll();
    return [
      ...(await filesUnder(ts.dataDir)),
      ...(await checkpointsOf(ts.server.checkpoints, ev.boardId)),
      ...(await serverDocs(ts, ev.boardId)),
      ...(await newClients(ts, ev)),
      ...(await exportsAndQueue(ts, ev))
    ];
  };
  const onServer = () => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc));

  beforeAll(async () => {
    ts = await startTestServer({ env: ENV });
    ev = await createTestEvent(ts.url);
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    voter = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    for (const closed of [true, false]) {
      const made = await call<{ pollId: string }>(mod, 'poll:create', {
        question: QUESTION,
        multiple: false,
        options: [
          { text: OPTION, cardId: null },
          { text: 'Ne', cardId: null }
        ]
      });
      if (!made.ok) throw new Error(made.message);
      polls.push(made.data.pollId);
      expect(await call(voter, 'poll:vote', { pollId: made.data.pollId, optionIds: ['o1'] })).toMatchObject({ ok: true });
      if (closed) expect(await call(mod, 'poll:close', { pollId: made.data.pollId })).toEqual({ ok: true });
    }
    await waitFor(async () => occurrences(await checkpointsOf(ts.server.checkpoints, ev.boardId), NEEDLES).length >= NEEDLES.length, 'a checkpoint holding the polls');
  });
  afterAll(async () => {
    for (const s of [mod, voter]) s?.close();
    await ts?.dispose();
  });

  it('before the redaction, the scans find the question and the option in the files, the history, the documents, new clients and the exports', async () => {
    const found = occurrences(await everything(), NEEDLES);
    for (const where of ['panel-board.db', 'checkpoint', 'server full doc', 'server public doc', 'new public client', 'export.json'])
      expect(
        found.some((f) => f.includes(where)),
        `the scan finds it in ${where}`
      ).toBe(true);
  });

  it('after poll:redact on both polls, open and closed, nothing holds it; the new texts show and the votes stay', async () => {
    for (const pollId of polls)
      expect(await call(mod, 'poll:redact', { pollId, question: 'Má paní z azylového domu pravdu?', options: [{ id: 'o1', text: 'Ano (kontakt odstraněn)' }] })).toEqual({
        ok: true
      });
    expect(occurrences(await everything(), NEEDLES)).toEqual([]);
    const state = await onServer();
    for (const pollId of polls) {
      const poll = state.polls.find((p) => p.id === pollId);
      expect(poll).toMatchObject({ question: 'Má paní z azylového domu pravdu?', redactedAt: expect.any(Number) });
      expect(poll?.options.map((o) => o.text)).toEqual(['Ano (kontakt odstraněn)', 'Ne']);
      expect([...(state.pollVotes.get(pollId)?.values() ?? [])], 'the ballot stays').toEqual([['o1']]);
    }
  });

  it('an unknown option or poll gets a clear error, and changes nothing', async () => {
    expect(await call(mod, 'poll:redact', { pollId: polls[0], options: [{ id: 'o9', text: 'x' }] })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'poll:redact', { pollId: 'no-such-poll', question: 'x' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(await call(mod, 'poll:redact', { pollId: polls[0] })).toMatchObject({ ok: false, reason: 'invalid-payload' });
  });
});
