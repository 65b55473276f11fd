/**
 * W10 through the real server (docs/protocol.md §4, docs/privacy.md): a panelist edits four of
 * her cards offline; meanwhile the moderator edits one over Yjs, redacts one, hides one and moves
 * one. Her client id is set to win every Yjs tie. When she reconnects, the full and the public
 * documents keep the moderator's values, also after a restart; she is told which cards; the
 * stale text never reaches the store.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, editCard, LOCAL, moveCard, participantKey, readBoard } from '../../src/lib/board/index.js';
import { NOTICE_MESSAGE, readNotice, type YjsNotice } from '../../src/lib/protocol/yjs-notice.js';
import { filesUnder, occurrences } from '../helpers/byte-scan.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../helpers/test-server.js';
import { waitFor } from '../../support/wait.js';
import { openProvider, type ProviderClient } from '../../support/yjs-clients.js';

/** Yjs gives a tie to the higher client id: the panelist wins every one. */
const PANELIST_CLIENT = 0xfffffff0;
const MODERATOR_CLIENT = 3;
const STALE = 'Offline version: call me on 604 555 321';
const REDACTED = 'Call the office (number removed by the moderator)';

type Cards = { edited: string; redacted: string; hidden: string; moved: string };

describe('W10: the moderator’s word stands over a stale offline edit (issue 16, point 1)', () => {
  let ts: TestServer;
  let ev: TestEvent;
  let panelist: ProviderClient;
  let moderator: ProviderClient;
  let mod: TestSocket;
  let cards: Cards;
  let topics: string[];
  const notices: YjsNotice[] = [];
  /** The panelist's copy before she went offline, as her IndexedDB would keep it. */
  let beforeRedaction: Uint8Array;

  /** The server's full document, read. */
  const serverBoard = () => ts.server.registry.withBoard(ev.boardId, (b) => readBoard(b.full.doc));
  const card = (state: ReturnType<typeof readBoard>, id: string) => state.cards.find((c) => c.id === id);

  beforeAll(async () => {
    ts = await startTestServer();
    ev = await createTestEvent(ts.url);
    panelist = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist, { clientID: PANELIST_CLIENT });
    panelist.provider.messageHandlers[NOTICE_MESSAGE] = (_e, decoder: decoding.Decoder) => {
      const notice = readNotice(decoder);
      if (notice) notices.push(notice);
    };
    moderator = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.moderator, { clientID: MODERATOR_CLIENT });
    mod = await connectAs(ts.url, ev.boardId, ev.tokens.moderator);
    const key = participantKey(ev.boardId, panelist.deviceId);
    topics = readBoard(panelist.doc).topics.map((t) => t.id);
    const add = (text: string) => addCard(panelist.doc, { kind: 'weakness', text, orgId: null, author: 'Panelist', authorKey: key, topicId: topics[0] }, LOCAL);
    cards = { edited: add('Forms only in Czech'), redacted: add('Ask Jana, 777 123 456'), hidden: add('Off-topic remark'), moved: add('Housing queue') };
    await waitFor(() => Object.values(cards).every((id) => card(readBoard(moderator.doc), id)), 'the moderator to see the cards');
  });
  afterAll(async () => {
    mod?.close();
    for (const c of [panelist, moderator]) c?.destroy();
    await ts?.dispose();
  });

  it('the panelist’s offline edits lose to what the moderator did meanwhile; her untouched fields and the hidden card’s text pass', async () => {
    beforeRedaction = Y.encodeStateAsUpdate(panelist.doc);
    panelist.provider.disconnect();
    editCard(panelist.doc, cards.edited, { text: 'Forms only in Czech (my offline wording)' }, LOCAL);
    editCard(panelist.doc, cards.redacted, { text: STALE, kind: 'proposal' }, LOCAL);
    editCard(panelist.doc, cards.hidden, { text: 'Off-topic remark, edited offline' }, LOCAL);
    moveCard(panelist.doc, cards.moved, { topicId: topics[2], beforeId: null }, LOCAL);

    editCard(moderator.doc, cards.edited, { text: 'Forms are only in Czech (moderator’s wording)' }, LOCAL);
    moveCard(moderator.doc, cards.moved, { topicId: topics[1], beforeId: null }, LOCAL);
    expect(await call(mod, 'card:redact', { cardId: cards.redacted, text: REDACTED })).toEqual({ ok: true });
    expect(await call(mod, 'card:hide', { cardId: cards.hidden, hidden: true })).toEqual({ ok: true });
    await waitFor(async () => card(await serverBoard(), cards.moved)?.topicId === topics[1], 'the moderator’s move to reach the server');

    panelist.provider.connect();
    await waitFor(() => notices.length > 0, 'the panelist to be told');
    expect(new Set(notices.flatMap((n) => n.cards))).toEqual(new Set([cards.edited, cards.redacted, cards.moved]));
    // Her own stripped values come back to her alone, whatever her copy shows by then.
    const values = Object.assign({}, ...notices.map((n) => n.values));
    expect(values[cards.edited]).toEqual({ text: 'Forms only in Czech (my offline wording)' });
    expect(values[cards.redacted]).toEqual({ text: STALE });
    const full = await serverBoard();
    expect(card(full, cards.edited)?.text).toBe('Forms are only in Czech (moderator’s wording)');
    expect(card(full, cards.redacted)).toMatchObject({ text: REDACTED, kind: 'proposal' });
    expect(card(full, cards.moved)?.topicId).toBe(topics[1]);
    expect(card(full, cards.hidden)).toMatchObject({ hidden: true, text: 'Off-topic remark, edited offline' });
  });

  it('the public document and a new audience client keep the moderator’s values; the stale text is nowhere on disk', async () => {
    const audience = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
    const pub = readBoard(audience.doc);
    audience.destroy();
    expect(card(pub, cards.edited)?.text).toBe('Forms are only in Czech (moderator’s wording)');
    expect(card(pub, cards.redacted)?.text).toBe(REDACTED);
    expect(card(pub, cards.moved)?.topicId).toBe(topics[1]);
    expect(card(pub, cards.hidden)).toBeUndefined();
    await ts.server.registry.withBoard(ev.boardId, (b) => Promise.all([b.full.flushed(), b.public.flushed()]));
    expect(occurrences(await filesUnder(ts.dataDir), ['604 555 321'])).toEqual([]);
  });

  it('after a restart the moderator’s values stand, and the record still knows the old server’s client id: a stale copy is stripped again', async () => {
    panelist.destroy();
    moderator.destroy();
    await ts.stop();
    ts = await ts.restart();
    const audience = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.audience);
    const full = await serverBoard();
    expect(card(full, cards.redacted)?.text).toBe(REDACTED);
    expect(card(full, cards.edited)?.text).toBe('Forms are only in Czech (moderator’s wording)');
    expect(card(readBoard(audience.doc), cards.redacted)?.text).toBe(REDACTED);
    audience.destroy();
    // The same device, from its copy taken before the redaction, under another client id of hers.
    const again = await openProvider(ts.wsUrl, ev.boardId, ev.tokens.panelist, { deviceId: panelist.deviceId, waitSynced: false, clientID: PANELIST_CLIENT - 1 });
    const told: YjsNotice[] = [];
    again.provider.messageHandlers[NOTICE_MESSAGE] = (_e, decoder: decoding.Decoder) => void told.push(readNotice(decoder) ?? { kind: 'stale', cards: [], values: {} });
    Y.applyUpdate(again.doc, beforeRedaction);
    editCard(again.doc, cards.redacted, { text: STALE }, LOCAL);
    await waitFor(() => told.length > 0, 'the panelist to be told again');
    expect(told[0].cards).toEqual([cards.redacted]);
    expect(card(await serverBoard(), cards.redacted)?.text).toBe(REDACTED);
    again.destroy();
  });
});
