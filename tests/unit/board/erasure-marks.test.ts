/**
 * The `erasures` root stays bounded (src/lib/board/erasure.ts): each withdrawal leaves a mark by
 * which other instances recognise it, and prunes the old ones in the same transaction:
 *   M1  marks older than MARK_TTL_MS go, younger ones stay;
 *   M2  at most MAX_MARKS stay, the newest, whatever their age;
 *   M3  another instance still learns of the new withdrawal from the update, and takes the
 *       pruning for no withdrawal at all.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, boardSetup, initBoard, LOCAL, readBoard } from '../../../src/lib/board/index.js';
import { erase, MARK_TTL_MS, MAX_MARKS } from '../../../src/lib/board/erasure.js';
import { erasuresMap } from '../../../src/lib/board/layout.js';
import { redactionsIn, type RedactionMark } from '../../../src/lib/board/redaction.js';

const NOW = Date.UTC(2026, 10, 27, 12);

function board(): { doc: Y.Doc; card: () => string } {
  const doc = new Y.Doc({ gc: true });
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const topicId = readBoard(doc).topics[0].id;
  return { doc, card: () => addCard(doc, { kind: 'question', text: 'Kdy bude tlumočník?', orgId: null, author: '', authorKey: 'k1', topicId }, LOCAL) };
}

/** Marks of earlier withdrawals, as a server would have left them (`count` of them, `step` ms apart, the last at `last`). */
function seedMarks(doc: Y.Doc, count: number, last: number, step = 1000): void {
  doc.transact(() => {
    for (let i = 0; i < count; i++) erasuresMap(doc).set(`withdraw-card:old-${i}`, last - (count - 1 - i) * step);
  }, LOCAL);
}

describe('the erasures root is pruned by each withdrawal', () => {
  it('M1 marks older than a day go; younger ones stay with the new one', () => {
    const { doc, card } = board();
    doc.transact(() => {
      erasuresMap(doc).set('withdraw-card:stale', NOW - MARK_TTL_MS - 1);
      erasuresMap(doc).set('withdraw-comment:recent', NOW - MARK_TTL_MS + 60_000);
    }, LOCAL);
    const id = card();
    erase(doc, { kind: 'withdraw-card', id }, LOCAL, NOW);
    expect(Object.fromEntries(erasuresMap(doc).entries())).toEqual({ 'withdraw-comment:recent': NOW - MARK_TTL_MS + 60_000, [`withdraw-card:${id}`]: NOW });
  });

  it('M2 at most MAX_MARKS stay, the newest: a flood of withdrawals cannot grow the root', () => {
    const { doc, card } = board();
    seedMarks(doc, MAX_MARKS + 200, NOW - 1);
    const id = card();
    erase(doc, { kind: 'withdraw-card', id }, LOCAL, NOW);
    const root = erasuresMap(doc);
    expect(root.size).toBe(MAX_MARKS);
    expect(root.get(`withdraw-card:${id}`)).toBe(NOW);
    // The 201 oldest seeded marks made room; the newest seeded one stayed.
    expect(root.has('withdraw-card:old-200')).toBe(false);
    expect(root.has('withdraw-card:old-201')).toBe(true);
    expect(root.has(`withdraw-card:old-${MAX_MARKS + 199}`)).toBe(true);
    // What stays of a pruned mark is a Yjs tombstone: its key (ids only), its value gone.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    expect(erasuresMap(replica).size).toBe(MAX_MARKS);
  });

  it('M3 another instance learns of the new withdrawal from the same update, and of no withdrawal from the pruning', () => {
    const { doc, card } = board();
    seedMarks(doc, 3, NOW - MARK_TTL_MS - 10);
    const id = card();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const seen: RedactionMark[][] = [];
    replica.on('afterTransaction', (tr: Y.Transaction) => seen.push(redactionsIn(tr)));
    const before = Y.encodeStateVector(doc);
    erase(doc, { kind: 'withdraw-card', id }, LOCAL, NOW);
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, before), 'remote');
    expect(seen).toEqual([[{ erasure: { kind: 'withdraw-card', id }, redactedAt: NOW }]]);
    expect([...erasuresMap(replica).keys()]).toEqual([`withdraw-card:${id}`]);
  });
});
