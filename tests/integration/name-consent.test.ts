/**
 * Names only with consent (docs/privacy.md §5): a panelist's name or an audience nickname shows
 * on the public outputs (the outputs page's data, public exports, public replay) only when its
 * author ticked the box; otherwise only the organization shows. The moderator's exports keep
 * every name. Each scan is first shown to find the consented name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, participantKey, readBoard } from '../../src/lib/board/index.js';
import { call, connectAs } from '../../support/socket-client.js';
import { createTestEvent, publishOutputs, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

const WITHOUT = 'Petr Svoboda';
const WITH = 'Marie Dvořáková';
const NICK = 'Olena K';
const NICK_WITH = 'Ahmed S';

describe('names on the public outputs only with consent', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let panelist: ProviderClient;
  const get = async (path: string): Promise<string> => {
    const res = await fetch(ts.url + path);
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    ts = await startTestServer({ env: { LIMIT_CHECKPOINT_INTERVAL_MS: '20' } });
    ev = await createTestEvent(ts.url);
    panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist);
    const board = readBoard(panelist.doc);
    const [topicId, orgId] = [board.topics[0].id, board.orgs[0].id];
    const key = participantKey(ev.boardId, panelist.deviceId);
    addCard(panelist.doc, { kind: 'weakness', text: 'Chybí tlumočníci', orgId, author: WITHOUT, authorKey: key, topicId }, LOCAL);
    addCard(panelist.doc, { kind: 'proposal', text: 'Společná linka úřadů', orgId, author: WITH, nameConsent: true, authorKey: key, topicId }, LOCAL);
    const phone = await connectAs(ts.url, ev.boardId, ev.tokens.audience);
    const mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    const submit = (key: string, author: string, nameConsent?: boolean) =>
      call<{ id: string }>(phone, 'submission:create', {
        type: 'card',
        key,
        kind: 'question',
        text: `Otázka od ${key}`,
        topicId,
        author,
        orgId: null,
        ...(nameConsent === undefined ? {} : { nameConsent })
      });
    for (const [k, author, consent] of [
      ['question-1', NICK, undefined],
      ['question-2', NICK_WITH, true]
    ] as const) {
      const filed = await submit(k, author, consent);
      if (!filed.ok) throw new Error(filed.message);
      const approved = await call(mod, 'queue:approve', { submissionId: filed.data.id });
      if (!approved.ok) throw new Error(approved.message);
    }
    expect((await submit('question-3', 'Eva', 'yes' as unknown as boolean)).ok, 'a consent that is no boolean is refused').toBe(false);
    phone.close();
    mod.close();
    await waitFor(async () => (await ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc).cards.length)) === 4, 'the four cards on the server');
    await waitFor(async () => (await ts.server.checkpoints.listCheckpoints(ev.boardId)).length > 0, 'a checkpoint');
    await ts.server.registry.flushAll();
    const res = await publishOutputs(ts.url, ev);
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    panelist?.destroy();
    await ts?.dispose();
  });

  it("the moderator's exports keep every name", async () => {
    for (const format of ['json', 'csv']) {
      const text = await get(`/api/boards/${ev.boardId}/export.${format}?t=${ev.tokens.moderator}`);
      for (const name of [WITHOUT, WITH, NICK, NICK_WITH]) expect(text, `${format} holds ${name}`).toContain(name);
    }
  });

  it('the public outputs, public exports and public replay show only the names given with consent', async () => {
    const times = JSON.parse(await get(`/api/boards/${ev.boardId}/history`)) as { times: number[] };
    const pages = [
      `/api/outputs/${ev.response.eventId}`,
      ...['json', 'csv'].map((f) => `/api/boards/${ev.boardId}/export.${f}`),
      `/api/boards/${ev.boardId}/history/${times.times.at(-1)}`
    ];
    for (const path of pages) {
      const text = await get(path);
      for (const name of [WITH, NICK_WITH]) expect(text, `${path} holds ${name}`).toContain(name);
      for (const name of [WITHOUT, NICK]) expect(text, `${path} leaves out ${name}`).not.toContain(name);
    }
  });
});
