import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editCard, LOCAL, moveCard } from '../../../../src/lib/board/index.js';
import { cardsMap, entryFrom } from '../../../../src/lib/board/layout.js';
import { checkWriterUpdate } from '../../../../server/board/write-policy.js';
import { cardFields, clientUpdate, insertCard, ownCard, PANELIST, replica, setup } from '../../../helpers/write-policy.js';

describe('write policy: values in range (W7) and one chain per field (W9), issue 13 finding 11', () => {
  it('W7: refuses a new card whose timestamps are far from the server’s time, or not whole milliseconds', () => {
    const { server } = setup();
    const day = 24 * 3600 * 1000;
    for (const createdAt of [1e300, -1, Date.now() + 2 * day, Date.now() - 40 * day, Date.now() + 0.5])
      expect(checkWriterUpdate(server, insertCard(server, { ...cardFields(), createdAt }), PANELIST), `createdAt ${createdAt}`).toMatchObject({ kind: 'refuse', rule: 'W7' });
    expect(checkWriterUpdate(server, insertCard(server, { ...cardFields(), updatedAt: 1e300 }), PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W7' });
    // A card written offline a week ago, or by a phone whose clock runs an hour ahead, is fine.
    expect(checkWriterUpdate(server, insertCard(server, { ...cardFields(), createdAt: Date.now() - 7 * day, updatedAt: Date.now() + 3600_000 }), PANELIST).kind).toBe('accept');
  });

  it('W7: refuses absurd orders and over-long topic or organization ids, on new cards and on edits', () => {
    const { server, topicId } = setup();
    for (const fields of [{ order: 1e308 }, { order: -1e12 }, { topicId: 'x'.repeat(65) }, { orgId: 'y'.repeat(1000) }])
      expect(checkWriterUpdate(server, insertCard(server, { ...cardFields(), ...fields }), PANELIST), JSON.stringify(fields).slice(0, 40)).toMatchObject({
        kind: 'refuse',
        rule: 'W7'
      });
    const { mine } = ownCard(server, topicId);
    const edit = clientUpdate(server, (d) => d.transact(() => cardsMap(d).get(mine)?.set('updatedAt', 1e300)));
    expect(checkWriterUpdate(server, edit, PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W7' });
    const move = clientUpdate(server, (d) => moveCard(d, mine, { topicId, beforeId: null }, LOCAL));
    expect(checkWriterUpdate(server, move, PANELIST).kind).toBe('accept');
  });

  it('W1: one card id inserted twice in one update is refused', () => {
    const { server } = setup();
    const updates = [replica(server), replica(server)].map((d) => {
      const sv = Y.encodeStateVector(d);
      d.transact(() => cardsMap(d).set('c1', entryFrom(cardFields())));
      return Y.encodeStateAsUpdate(d, sv);
    });
    expect(checkWriterUpdate(server, Y.mergeUpdates(updates), PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W1' });
  });

  it('W9: concurrent values of one field in one update, or a value of an existing field without an origin, are refused; an offline edit chain passes', () => {
    const { server, topicId } = setup();
    const { client, mine } = ownCard(server, topicId);
    const sv = Y.encodeStateVector(client);
    for (let i = 0; i < 5; i++) editCard(client, mine, { text: `Offline edit ${i}` }, LOCAL);
    expect(checkWriterUpdate(server, Y.encodeStateAsUpdate(client, sv), PANELIST)).toMatchObject({ kind: 'accept', effective: true });
    const forks = [1, 2].map((n) => clientUpdate(server, (d) => editCard(d, mine, { text: `Fork ${n}` }, LOCAL)));
    expect(checkWriterUpdate(server, Y.mergeUpdates(forks), PANELIST)).toMatchObject({ kind: 'refuse', rule: 'W9' });
  });
});
