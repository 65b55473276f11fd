import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addTopic, boardSetup, editCard, initBoard, LOCAL, moveCard, readBoard } from '../../../../src/lib/board/index.js';
import { keepModeratorValues, recordModerator, standingOf, STANDING } from '../../../../src/lib/board/authority.js';
import { cardsMap } from '../../../../src/lib/board/layout.js';
import { redactCard } from '../../../../src/lib/board/redaction.js';
import { createClientIdOwners } from '../../../../server/board/client-ids.js';
import { MAX_WALK, WALK_BUDGET } from '../../../../server/board/stale-writes.js';
import { encodeUpdateV1 } from '../../../../server/sync/update-encode.js';
import { scanUpdate } from '../../../../server/sync/update-scan.js';
import { checkWriterUpdate, type PolicyVerdict, type WriterContext } from '../../../../server/board/write-policy.js';

const PANELIST: WriterContext = { role: 'panelist', participantKey: 'panelist-key' };
const MODERATOR: WriterContext = { role: 'moderator', participantKey: 'moderator-key' };
/** Yjs gives a tie between two values of one field to the higher client id: the panelist wins every tie. */
const PANELIST_CLIENT = 0xfffffff0;
const MODERATOR_CLIENT = 7;

function replica(server: Y.Doc, clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** What `doc` has that `server` lacks: a client's sync step 2 on reconnect. */
const pending = (doc: Y.Doc, server: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server));

/** A board with one card of the panelist, a moderator replica (recorded) and an offline panelist replica. */
function setup() {
  const server = new Y.Doc();
  initBoard(server, boardSetup('blank', 'en', 'Board'), LOCAL);
  const topics = [readBoard(server).topics[0].id, addTopic(server, 'Second', LOCAL)];
  const panelist = replica(server, PANELIST_CLIENT);
  const card = addCard(panelist, { kind: 'weakness', text: 'Call me at 777 123 456', orgId: null, author: 'P', authorKey: PANELIST.participantKey, topicId: topics[0] }, LOCAL);
  Y.applyUpdate(server, pending(panelist, server));
  const moderator = replica(server, MODERATOR_CLIENT);
  recordModerator(server, [MODERATOR_CLIENT], MODERATOR.participantKey, LOCAL);
  return { server, topics, panelist, moderator, card };
}

/** The policy, then the update as the transport applies it (stripped or not). */
function deliver(server: Y.Doc, update: Uint8Array, ctx: WriterContext): PolicyVerdict {
  const verdict = checkWriterUpdate(server, update, ctx);
  if (verdict.kind !== 'refuse' && verdict.effective) Y.applyUpdate(server, verdict.update);
  return verdict;
}

const cardOf = (doc: Y.Doc, id: string) => readBoard(doc).cards.find((c) => c.id === id);

describe('W10: the moderator’s word stands over a writer who had not seen it (docs/protocol.md §4)', () => {
  it('premise: without W10, the stale panelist’s older edit replaces the moderator’s (her client id wins the tie)', () => {
    const { server, panelist, moderator, card } = setup();
    editCard(panelist, card, { text: 'Offline edit' }, LOCAL);
    editCard(moderator, card, { text: 'Corrected by the moderator' }, LOCAL);
    Y.applyUpdate(server, pending(moderator, server));
    Y.applyUpdate(server, pending(panelist, server));
    expect(cardOf(server, card)?.text).toBe('Offline edit');
  });

  it('W10: a moderator’s edit stands; the stale text is stripped, the card reported, her other offline edits kept', () => {
    const { server, panelist, moderator, card } = setup();
    const other = addCard(panelist, { kind: 'question', text: 'New offline card', orgId: null, author: 'P', authorKey: PANELIST.participantKey, topicId: null }, LOCAL);
    editCard(panelist, card, { text: 'Offline edit' }, LOCAL);
    editCard(panelist, card, { text: 'Offline edit, again' }, LOCAL);
    editCard(moderator, card, { text: 'Corrected by the moderator' }, LOCAL);
    expect(deliver(server, pending(moderator, server), MODERATOR).kind).toBe('accept');
    const verdict = deliver(server, pending(panelist, server), PANELIST);
    expect(verdict).toMatchObject({ kind: 'partial', rule: 'W10', staleCards: [card], effective: true });
    expect(cardOf(server, card)?.text).toBe('Corrected by the moderator');
    expect(cardOf(server, other)?.text).toBe('New offline card');
  });

  it('W10: a redaction (the server’s action) stands: the phone number does not come back', () => {
    const { server, panelist, card } = setup();
    editCard(panelist, card, { text: 'Call me at 777 123 456 (edited)', kind: 'proposal' }, LOCAL);
    redactCard(server, card, 'Call me at [removed]', LOCAL);
    const verdict = deliver(server, pending(panelist, server), PANELIST);
    expect(verdict).toMatchObject({ kind: 'partial', rule: 'W10', staleCards: [card] });
    expect(cardOf(server, card)).toMatchObject({ text: 'Call me at [removed]', kind: 'proposal' });
    // the card's text only: a timestamp (redactedAt, createdAt) may hold the digits
    expect(JSON.stringify(readBoard(server).cards.map((c) => [c.text, c.author]))).not.toContain('777');
  });

  it('W10: a move by the moderator stands over a stale move; a field the moderator did not touch passes', () => {
    const { server, topics, panelist, moderator, card } = setup();
    moveCard(panelist, card, { topicId: null, beforeId: null }, LOCAL);
    editCard(panelist, card, { text: 'Offline wording' }, LOCAL);
    moveCard(moderator, card, { topicId: topics[1], beforeId: null }, LOCAL);
    deliver(server, pending(moderator, server), MODERATOR);
    expect(deliver(server, pending(panelist, server), PANELIST)).toMatchObject({ kind: 'partial', rule: 'W10' });
    expect(cardOf(server, card)).toMatchObject({ topicId: topics[1], text: 'Offline wording' });
  });

  it('W10: a writer who had seen the moderator’s value writes over it; her own other device is of equal standing', () => {
    const { server, panelist, moderator, card } = setup();
    editCard(moderator, card, { text: 'Corrected by the moderator' }, LOCAL);
    deliver(server, pending(moderator, server), MODERATOR);
    Y.applyUpdate(panelist, Y.encodeStateAsUpdate(server));
    editCard(panelist, card, { text: 'My version on top' }, LOCAL);
    expect(deliver(server, pending(panelist, server), PANELIST)).toMatchObject({ kind: 'accept' });
    const laptop = replica(server, 3);
    const phone = replica(server, 4);
    editCard(laptop, card, { text: 'From the laptop' }, LOCAL);
    editCard(phone, card, { text: 'From the phone' }, LOCAL);
    expect(deliver(server, pending(laptop, server), PANELIST).kind).toBe('accept');
    expect(deliver(server, pending(phone, server), PANELIST).kind).toBe('accept');
  });

  it('W10: a moderator’s stale edit does not undo a redaction either', () => {
    const { server, moderator, card } = setup();
    editCard(moderator, card, { text: 'Call me at 777 123 456!' }, LOCAL);
    redactCard(server, card, 'Call me at [removed]', LOCAL);
    expect(deliver(server, pending(moderator, server), MODERATOR)).toMatchObject({ kind: 'partial', rule: 'W10' });
    expect(cardOf(server, card)?.text).toBe('Call me at [removed]');
  });

  it('W10: a stripped value’s clocks are tombstoned, so the writer’s later updates still apply (an edit on top of it is refused, W4)', () => {
    const { server, panelist, moderator, card } = setup();
    editCard(panelist, card, { text: 'Offline edit' }, LOCAL);
    editCard(moderator, card, { text: 'Corrected' }, LOCAL);
    deliver(server, pending(moderator, server), MODERATOR);
    deliver(server, pending(panelist, server), PANELIST);
    expect(Y.getState(server.store, PANELIST_CLIENT)).toBe(Y.getState(panelist.store, PANELIST_CLIENT));
    editCard(panelist, card, { text: 'Still on my old copy' }, LOCAL);
    const again = checkWriterUpdate(server, pending(panelist, server), PANELIST);
    expect(again).toMatchObject({ kind: 'refuse', rule: 'W4' });
    if (again.kind === 'refuse' && again.tombstones) Y.applyUpdate(server, again.tombstones);
    const later = addCard(panelist, { kind: 'question', text: 'Later card', orgId: null, author: 'P', authorKey: PANELIST.participantKey, topicId: null }, LOCAL);
    // Her delete set still removes the moderator's value she lost locally: W6 strips that.
    expect(deliver(server, pending(panelist, server), PANELIST)).toMatchObject({ kind: 'partial', rule: 'W6', effective: true });
    expect(cardOf(server, later)?.text).toBe('Later card');
    expect(cardOf(server, card)?.text).toBe('Corrected');
  });

  it('W10: deleting the current value alongside a stale value is stripped too (the field is never emptied)', () => {
    const { server, panelist, card } = setup();
    editCard(panelist, card, { text: 'Offline edit' }, LOCAL);
    redactCard(server, card, 'Redacted', LOCAL);
    const current = cardsMap(server).get(card)?._map.get('text');
    const update = Y.mergeUpdates([pending(panelist, server), deleteSetOf(current as Y.Item)]);
    deliver(server, update, PANELIST);
    expect(cardOf(server, card)?.text).toBe('Redacted');
  });

  it('W10: a writer further behind than MAX_WALK values of the field counts as stale', () => {
    const { server, panelist, card } = setup();
    editCard(panelist, card, { text: 'Offline edit' }, LOCAL);
    const laptop = replica(server, 3);
    for (let i = 0; i <= MAX_WALK; i++) editCard(laptop, card, { text: `Laptop ${i}` }, LOCAL);
    Y.applyUpdate(server, pending(laptop, server));
    expect(deliver(server, pending(panelist, server), PANELIST)).toMatchObject({ kind: 'partial', rule: 'W10' });
  });

  it('W10: the walks of one update share a budget: past it, the values left undecided count as stale', () => {
    const { server, panelist } = setup();
    // Two devices of the panelist take turns on each card's field, so its history stays one value per write.
    const devices = [3, 4].map((id) => replica(server, id));
    const cards = Array.from({ length: 3 }, (_, i) =>
      addCard(server, { kind: 'weakness', text: `Card ${i}`, orgId: null, author: 'P', authorKey: PANELIST.participantKey, topicId: null }, LOCAL)
    );
    for (const d of [panelist, ...devices]) Y.applyUpdate(d, Y.encodeStateAsUpdate(server));
    const forks: Uint8Array[] = [];
    let client = 100;
    for (const card of cards)
      for (let i = 0; i < MAX_WALK; i++) {
        const device = devices[i % 2];
        editCard(device, card, { kind: 'proposal' }, LOCAL);
        const update = pending(device, server);
        Y.applyUpdate(server, update);
        for (const d of devices) Y.applyUpdate(d, update);
        const fork = replica(server, client++);
        editCard(fork, card, { kind: 'pitfall' }, LOCAL);
        forks.push(pending(fork, server));
      }
    // Each fork is at most MAX_WALK values behind, all of the writer's own standing: none is stale
    // alone, but together they need more than the budget.
    expect(cards.length * ((MAX_WALK * (MAX_WALK - 1)) / 2)).toBeGreaterThan(WALK_BUDGET);
    expect(checkWriterUpdate(server, forks[0], PANELIST).kind).toBe('accept');
    const verdict = checkWriterUpdate(server, Y.mergeUpdates(forks), PANELIST);
    expect(verdict).toMatchObject({ kind: 'partial', rule: 'W10' });
  }, 60_000);
});

describe('W10: a moderator’s concurrent value wins over a writer’s, and the record holds (authority.ts)', () => {
  it('a moderator value that lost the tie to a concurrent panelist value is written again by the server', () => {
    const { server, panelist, moderator, card } = setup();
    editCard(panelist, card, { text: 'Panelist, concurrent' }, LOCAL);
    editCard(moderator, card, { text: 'Moderator, concurrent' }, LOCAL);
    expect(deliver(server, pending(panelist, server), PANELIST).kind).toBe('accept');
    const verdict = deliver(server, pending(moderator, server), MODERATOR);
    expect(cardOf(server, card)?.text).toBe('Panelist, concurrent');
    expect(verdict.kind === 'accept' && keepModeratorValues(server, verdict.moderatorValues, LOCAL)).toBe(1);
    expect(cardOf(server, card)?.text).toBe('Moderator, concurrent');
    Y.applyUpdate(panelist, Y.encodeStateAsUpdate(server));
    expect(cardOf(panelist, card)?.text).toBe('Moderator, concurrent');
  });

  it('standings come from the record (it survives a restart: a reloaded copy of the document), the server’s own id is the server’s', () => {
    const { server } = setup();
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(server));
    expect(standingOf(reloaded, MODERATOR_CLIENT)).toBe(STANDING.moderator);
    expect(standingOf(reloaded, PANELIST_CLIENT)).toBe(STANDING.writer);
    expect(standingOf(reloaded, reloaded.clientID)).toBe(STANDING.server);
  });

  it('W8: after a restart nobody but that moderator may extend a recorded moderator client id', () => {
    const { server, moderator, card } = setup();
    editCard(moderator, card, { text: 'Corrected' }, LOCAL);
    deliver(server, pending(moderator, server), MODERATOR);
    editCard(moderator, card, { text: 'Corrected twice' }, LOCAL);
    const update = pending(moderator, server);
    const owners = createClientIdOwners();
    const claims = scanUpdate(update, 1000);
    if (claims.kind !== 'ok') throw new Error('scan failed');
    expect(owners.check('b', server, PANELIST.participantKey, claims.claims).ok).toBe(false);
    expect(owners.check('b', server, MODERATOR.participantKey, claims.claims).ok).toBe(true);
  });
});

/** An update that only deletes `item`. */
const deleteSetOf = (item: Y.Item): Uint8Array => encodeUpdateV1([], new Map([[item.id.client, [{ clock: item.id.clock, len: item.length }]]]));
