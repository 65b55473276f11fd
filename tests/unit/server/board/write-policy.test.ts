import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTopic, editCard, LOCAL, moveCard, readBoard, setHidden, setLocked, toggleVote } from '../../../../src/lib/board/index.js';
import { cardsMap, entryFrom, metaMap } from '../../../../src/lib/board/layout.js';
import { redactCard } from '../../../../src/lib/board/redaction.js';
import { tombstoneUpdate } from '../../../../server/sync/update-inspect.js';
import { checkWriterUpdate } from '../../../../server/board/write-policy.js';
import { cardFields, clientUpdate, insertCard, MODERATOR, newCard, OTHER, PANELIST, replica, setup } from '../../../helpers/write-policy.js';

describe('write policy (docs/protocol.md, W1–W5)', () => {
  it('W1: accepts a new card authored by the writer, and the update applies', () => {
    const { server, topicId } = setup();
    let id = '';
    const update = clientUpdate(server, (d) => (id = newCard(d, PANELIST, topicId)));
    expect(checkWriterUpdate(server, update, PANELIST)).toMatchObject({ kind: 'accept', effective: true });
    Y.applyUpdate(server, update);
    expect(readBoard(server).cards.find((c) => c.id === id)?.text).toBe('My card');
  });

  it('W1: refuses a new card carrying another participant key', () => {
    const { server, topicId } = setup();
    const update = clientUpdate(server, (d) => newCard(d, OTHER, topicId));
    expect(checkWriterUpdate(server, update, PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W1' });
  });

  it('W1: refuses a new card that is hidden, clustered, too long, of unknown kind or missing fields', () => {
    const { server } = setup();
    const base = cardFields();
    const variants: Record<string, unknown>[] = [
      { ...base, hidden: true },
      { ...base, clusterId: 'x' },
      { ...base, text: 'x'.repeat(501) },
      { ...base, kind: 'rant' },
      { ...base, id: 'other' },
      Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'text')),
      { ...base, extra: 1 }
    ];
    for (const fields of variants) {
      expect(checkWriterUpdate(server, insertCard(server, fields), PANELIST).kind).toBe('refuse');
    }
  });

  it('W2: the author may edit and move their own card', () => {
    const { server, topicId } = setup();
    const mine = newCard(server, PANELIST, topicId);
    const update = clientUpdate(server, (d) => {
      editCard(d, mine, { text: 'Edited', kind: 'proposal' }, LOCAL);
      moveCard(d, mine, { topicId: null, beforeId: null }, LOCAL);
    });
    expect(checkWriterUpdate(server, update, PANELIST)).toMatchObject({ kind: 'accept', effective: true });
    Y.applyUpdate(server, update);
    expect(readBoard(server).cards.find((c) => c.id === mine)).toMatchObject({ text: 'Edited', kind: 'proposal', topicId: null });
  });

  it('W2: a panelist cannot edit another participant’s card', () => {
    const { server, theirs } = setup();
    const update = clientUpdate(server, (d) => editCard(d, theirs, { text: 'Hijacked' }, LOCAL));
    expect(checkWriterUpdate(server, update, PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W2' });
  });

  it('W2: the moderator may edit any card over Yjs', () => {
    const { server, theirs } = setup();
    const update = clientUpdate(server, (d) => editCard(d, theirs, { text: 'Fixed typo' }, LOCAL));
    expect(checkWriterUpdate(server, update, MODERATOR)).toMatchObject({ kind: 'accept', effective: true });
  });

  it('W2: nobody may set hidden or clusterId over Yjs, not even on their own card or as moderator', () => {
    const { server, topicId, theirs } = setup();
    const mine = newCard(server, PANELIST, topicId);
    const hideMine = clientUpdate(server, (d) => setHidden(d, mine, true, LOCAL));
    expect(checkWriterUpdate(server, hideMine, PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W2' });
    const hideTheirs = clientUpdate(server, (d) => setHidden(d, theirs, true, LOCAL));
    expect(checkWriterUpdate(server, hideTheirs, MODERATOR).kind).toBe('refuse');
    const cluster = clientUpdate(server, (d) => d.transact(() => cardsMap(d).get(mine)?.set('clusterId', 'x')));
    expect(checkWriterUpdate(server, cluster, MODERATOR).kind).toBe('refuse');
  });

  it('W1/W2: redactedAt is optional and null on a new card; only the card:redact action sets it', () => {
    const { server, theirs } = setup();
    const base = cardFields();
    expect(checkWriterUpdate(server, insertCard(server, base), PANELIST).kind).toBe('accept');
    expect(checkWriterUpdate(server, insertCard(server, { ...base, redactedAt: null }), PANELIST).kind).toBe('accept');
    expect(checkWriterUpdate(server, insertCard(server, { ...base, redactedAt: 5 }), PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W1' });
    const mark = clientUpdate(server, (d) => redactCard(d, theirs, 'Redacted over Yjs', LOCAL));
    expect(checkWriterUpdate(server, mark, MODERATOR)).toMatchObject({ kind: 'refuse', rule: 'W2' });
  });

  it('W1: refuses meta, topics, votes and unknown roots', () => {
    const { server, theirs } = setup();
    const attempts = [
      clientUpdate(server, (d) => setLocked(d, true, LOCAL)),
      clientUpdate(server, (d) => addTopic(d, 'New topic', LOCAL)),
      clientUpdate(server, (d) => toggleVote(d, theirs, 'someone', LOCAL)),
      clientUpdate(server, (d) => d.transact(() => d.getMap('unknown-root').set('x', 1))),
      clientUpdate(server, (d) => d.transact(() => metaMap(d).set('title', 'Pwned')))
    ];
    for (const update of attempts) expect(checkWriterUpdate(server, update, MODERATOR).kind).toBe('refuse');
  });

  it('W1: refuses replacing an existing card entry', () => {
    const { server, theirs } = setup();
    const update = clientUpdate(server, (d) => d.transact(() => cardsMap(d).set(theirs, entryFrom({ ...readBoard(d).cards[0], authorKey: PANELIST.participantKey }))));
    expect(checkWriterUpdate(server, update, PANELIST).kind).toBe('refuse');
  });

  it('W3/W6: deleting a card, or a field without setting it, is stripped and changes nothing', () => {
    const { server, topicId, theirs } = setup();
    const mine = newCard(server, PANELIST, topicId);
    const attempts = [
      clientUpdate(server, (d) => d.transact(() => cardsMap(d).get(mine)?.delete('text'))),
      clientUpdate(server, (d) => d.transact(() => cardsMap(d).delete(theirs))),
      clientUpdate(server, (d) => d.transact(() => cardsMap(d).delete(mine)))
    ];
    for (const update of attempts) {
      const verdict = checkWriterUpdate(server, update, MODERATOR);
      expect(verdict).toMatchObject({ kind: 'partial', rule: 'W6', effective: false });
      if (verdict.kind !== 'refuse') Y.applyUpdate(server, verdict.update);
    }
    const state = readBoard(server);
    expect(state.cards.find((c) => c.id === mine)?.text).toBe('My card');
    expect(state.cards.some((c) => c.id === theirs)).toBe(true);
  });

  it('W4: refuses an update whose dependencies are missing', () => {
    const { server, topicId } = setup();
    const client = replica(server);
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    const mine = newCard(client, PANELIST, topicId);
    editCard(client, mine, { text: 'Second' }, LOCAL);
    expect(checkWriterUpdate(server, updates[1], PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W4' });
    expect(checkWriterUpdate(server, new Uint8Array([1, 2, 3, 250]), PANELIST).kind).toBe('refuse');
  });

  it('W5: a locked board refuses every panelist change but not the moderator’s', () => {
    const { server, topicId } = setup();
    setLocked(server, true, LOCAL);
    const update = clientUpdate(server, (d) => newCard(d, PANELIST, topicId));
    expect(checkWriterUpdate(server, update, PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W5' });
    const modUpdate = clientUpdate(server, (d) => newCard(d, MODERATOR, topicId));
    expect(checkWriterUpdate(server, modUpdate, MODERATOR).kind).toBe('accept');
  });

  it('accepts a no-op sync step 2 (the client’s full delete set) even on a locked board', () => {
    const { server, topicId, theirs } = setup();
    editCard(server, theirs, { text: 'v2' }, LOCAL);
    newCard(server, PANELIST, topicId);
    setLocked(server, true, LOCAL);
    const client = replica(server);
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(checkWriterUpdate(server, step2, PANELIST)).toMatchObject({ kind: 'accept', effective: false });
  });

  it('accepts several offline edits merged into one update', () => {
    const { server, topicId } = setup();
    const update = clientUpdate(server, (d) => {
      const id = newCard(d, PANELIST, topicId, 'one');
      editCard(d, id, { text: 'two' }, LOCAL);
      editCard(d, id, { text: 'three' }, LOCAL);
    });
    expect(checkWriterUpdate(server, update, PANELIST).kind).toBe('accept');
    Y.applyUpdate(server, update);
    expect(readBoard(server).cards.some((c) => c.text === 'three')).toBe(true);
  });

  it('tombstones: a refused update’s clocks are filled without its content, so the writer’s later valid update still applies', () => {
    const { server, topicId, theirs } = setup();
    const client = replica(server);
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    editCard(client, theirs, { text: 'Hijacked text' }, LOCAL);
    const mine = newCard(client, PANELIST, topicId, 'Valid later card');
    const [refused, later] = updates;
    expect(checkWriterUpdate(server, refused, PANELIST).kind).toBe('refuse');
    const tombstones = tombstoneUpdate(server, refused);
    expect(tombstones).not.toBeNull();
    Y.applyUpdate(server, tombstones as Uint8Array);
    expect(Buffer.from(Y.encodeStateAsUpdate(server)).includes(Buffer.from('Hijacked text'))).toBe(false);
    expect(checkWriterUpdate(server, later, PANELIST)).toMatchObject({ kind: 'accept', effective: true });
    Y.applyUpdate(server, later);
    const state = readBoard(server);
    expect(state.cards.find((c) => c.id === theirs)?.text).toBe('Other card');
    expect(state.cards.find((c) => c.id === mine)?.text).toBe('Valid later card');
    // A reconnect's sync step 2 re-sends the refused overwrite's deletion along with new work:
    // the stale deletion is stripped, the new card applies.
    const offline = newCard(client, PANELIST, topicId, 'Written offline');
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    const verdict = checkWriterUpdate(server, step2, PANELIST);
    expect(verdict).toMatchObject({ kind: 'partial', effective: true });
    if (verdict.kind !== 'refuse') Y.applyUpdate(server, verdict.update);
    const after = readBoard(server);
    expect(after.cards.find((c) => c.id === offline)?.text).toBe('Written offline');
    expect(after.cards.find((c) => c.id === theirs)?.text).toBe('Other card');
  });
});
