import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, LOCAL } from '../../../../src/lib/board/index.js';
import { createClientIdOwners, SERVER_OWNER } from '../../../../server/board/client-ids.js';

describe('client id ownership (W8)', () => {
  const claims = (client: number, end = 1) => new Map([[client, { clock: 0, end }]]);

  it('the first participant to write under a client id owns it; another is refused; the server’s id is the server’s', () => {
    const owners = createClientIdOwners();
    const doc = new Y.Doc();
    const first = owners.check('b', doc, 'alice', claims(7));
    expect(first).toEqual({ ok: true, claimed: [7] });
    owners.record('b', 'alice', [7]);
    expect(owners.check('b', doc, 'alice', claims(7))).toEqual({ ok: true, claimed: [] });
    expect(owners.check('b', doc, 'mallory', claims(7))).toMatchObject({ ok: false });
    expect(owners.check('other-board', doc, 'mallory', claims(7))).toMatchObject({ ok: true });
    expect(owners.check('b', doc, 'mallory', claims(doc.clientID))).toMatchObject({ ok: false });
    expect(SERVER_OWNER).not.toBe('mallory');
  });

  it('a client id already in the document (after a restart) belongs to the author of the cards it inserted', () => {
    const doc = new Y.Doc();
    const writer = new Y.Doc();
    addCard(writer, { kind: 'weakness', text: 'x', orgId: null, author: 'A', authorKey: 'alice', topicId: null }, LOCAL);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer));
    const owners = createClientIdOwners();
    const state = Y.getState(doc.store, writer.clientID);
    const next = new Map([[writer.clientID, { clock: state, end: state + 1 }]]);
    expect(owners.check('b', doc, 'mallory', next)).toMatchObject({ ok: false });
    expect(owners.check('b', doc, 'alice', next)).toEqual({ ok: true, claimed: [writer.clientID] });
  });

  it('is bounded: ids per participant, and per board (the oldest forgotten first)', () => {
    const owners = createClientIdOwners({ maxPerParticipant: 2, maxPerBoard: 3 });
    const doc = new Y.Doc();
    owners.record('b', 'p', [1, 2]);
    expect(owners.check('b', doc, 'p', claims(3))).toMatchObject({ ok: false });
    owners.record('b', 'q', [3, 4]);
    expect(owners.check('b', doc, 'r', claims(1))).toMatchObject({ ok: true });
    expect(owners.check('b', doc, 'r', claims(4))).toMatchObject({ ok: false });
  });
});
