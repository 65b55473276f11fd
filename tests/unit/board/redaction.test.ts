/** Redaction in the document (docs/redaction.md): what garbage collection erases, and what it does not. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, BoardError, boardSetup, clusterCards, initBoard, LOCAL, readBoard, setHidden, toggleVote } from '../../../src/lib/board/index.js';
import { redactCard, redactCardInState, redactionsIn, type RedactionMark } from '../../../src/lib/board/redaction.js';

const SECRET = 'Jana Nováková +420 777 123 456';
const REDACTED = 'Paní z odboru sociálních věcí (kontakt odstraněn)';

const has = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

function board(gc: boolean) {
  const doc = new Y.Doc({ gc });
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const topicId = readBoard(doc).topics[0].id;
  const add = (text: string) => addCard(doc, { kind: 'weakness', text, orgId: null, author: 'Jana', authorKey: 'k1', topicId }, LOCAL);
  const id = add(`Zavolejte: ${SECRET}`);
  const other = add('Chybí tlumočníci na úřadech');
  clusterCards(doc, [id, other], 'Úřady', LOCAL);
  toggleVote(doc, id, 'voter-1', LOCAL);
  return { doc, updates, id, other };
}

describe('redactCard', () => {
  it('replaces the text and marks the card, keeping its id, votes and cluster', () => {
    const { doc, id } = board(true);
    const before = readBoard(doc).cards.find((c) => c.id === id)!;
    expect(before.redactedAt).toBeNull();
    redactCard(doc, id, `  ${REDACTED}  `, LOCAL, 1234);
    const after = readBoard(doc);
    const card = after.cards.find((c) => c.id === id)!;
    expect(card).toMatchObject({ id, text: REDACTED, redactedAt: 1234, updatedAt: 1234, clusterId: before.clusterId, hidden: false });
    expect(after.votes.get(id)).toEqual(new Set(['voter-1']));
  });

  it('in a gc document, the earlier text is gone from the encoded state', () => {
    const { doc, id } = board(true);
    expect(has(Y.encodeStateAsUpdate(doc), SECRET)).toBe(true);
    redactCard(doc, id, REDACTED, LOCAL);
    const state = Y.encodeStateAsUpdate(doc);
    expect(has(state, SECRET)).toBe(false);
    expect(has(state, '777 123 456')).toBe(false);
    expect(has(state, REDACTED)).toBe(true);
  });

  it('without gc, and in merged updates, the earlier text survives: why stores must re-encode from a gc document', () => {
    const kept = board(false);
    redactCard(kept.doc, kept.id, REDACTED, LOCAL);
    expect(has(Y.encodeStateAsUpdate(kept.doc), SECRET)).toBe(true);

    const { doc, updates, id } = board(true);
    redactCard(doc, id, REDACTED, LOCAL);
    expect(has(Y.mergeUpdates(updates), SECRET)).toBe(true);
    const fresh = new Y.Doc({ gc: true });
    for (const u of updates) Y.applyUpdate(fresh, u);
    expect(has(Y.encodeStateAsUpdate(fresh), SECRET)).toBe(false);
    expect(readBoard(fresh).cards.find((c) => c.id === id)?.text).toBe(REDACTED);
  });

  it('refuses an unknown card, empty text and too long text', () => {
    const { doc, id } = board(true);
    const reason = (fn: () => void): string | null => {
      try {
        fn();
        return null;
      } catch (err) {
        return err instanceof BoardError ? err.reason : 'other';
      }
    };
    expect(reason(() => redactCard(doc, 'nope', REDACTED, LOCAL))).toBe('not-found');
    expect(reason(() => redactCard(doc, id, '   ', LOCAL))).toBe('invalid');
    expect(reason(() => redactCard(doc, id, 'x'.repeat(501), LOCAL))).toBe('too-long');
    expect(readBoard(doc).cards.find((c) => c.id === id)?.text).toContain(SECRET);
  });
});

describe('redactCardInState (history checkpoints)', () => {
  it('rewrites a stored state so only the redacted text remains, other content intact', () => {
    const { doc, id, other } = board(true);
    const checkpoint = Y.encodeStateAsUpdate(doc);
    const rewritten = redactCardInState(checkpoint, id, REDACTED, 99);
    expect(rewritten).not.toBeNull();
    expect(has(rewritten!, SECRET)).toBe(false);
    const replay = new Y.Doc();
    Y.applyUpdate(replay, rewritten!);
    const state = readBoard(replay);
    expect(state.cards.find((c) => c.id === id)).toMatchObject({ text: REDACTED, redactedAt: 99 });
    expect(state.cards.find((c) => c.id === other)?.text).toBe('Chybí tlumočníci na úřadech');
    expect(state.votes.get(id)?.size).toBe(1);
  });

  it('leaves states without the card, or already redacted, alone; throws on undecodable ones', () => {
    const { doc, id } = board(true);
    const empty = new Y.Doc();
    initBoard(empty, boardSetup('blank', 'en', 'Empty'), LOCAL);
    expect(redactCardInState(Y.encodeStateAsUpdate(empty), id, REDACTED, 1)).toBeNull();
    redactCard(doc, id, REDACTED, LOCAL);
    expect(redactCardInState(Y.encodeStateAsUpdate(doc), id, REDACTED, 1)).toBeNull();
    expect(() => redactCardInState(new Uint8Array([1, 2, 3, 250, 250, 250]), id, REDACTED, 1)).toThrow();
  });
});

describe('redactionsIn (how another instance learns of a redaction)', () => {
  it('reports the cards a received update marked redacted, with their text now; ordinary edits report nothing', () => {
    const { doc, id } = board(true);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const seen: RedactionMark[][] = [];
    replica.on('afterTransaction', (tr: Y.Transaction) => seen.push(redactionsIn(tr)));
    const forward = (change: () => void): void => {
      const before = Y.encodeStateVector(doc);
      change();
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, before), 'remote');
    };
    forward(() => setHidden(doc, id, true, LOCAL));
    forward(() => redactCard(doc, id, REDACTED, LOCAL, 77));
    expect(seen).toEqual([[], [{ erasure: { kind: 'card', id, text: REDACTED }, redactedAt: 77 }]]);
  });
});
