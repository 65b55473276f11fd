/** Erasure in the document (docs/redaction.md): redacting cards, comments and polls, withdrawing, and every copy going with the original. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, BoardError, boardSetup, closePoll, createPoll, initBoard, LOCAL, readBoard, setSpotlight, toggleVote } from '../../../src/lib/board/index.js';
import { addComment } from '../../../src/lib/board/comments.js';
import { erase, eraseInState, optionTextOf, type Erasure } from '../../../src/lib/board/erasure.js';
import { redactionsIn, type RedactionMark } from '../../../src/lib/board/redaction.js';

const SECRET = 'Jana Nováková +420 777 123 456';
const NICK = 'Karel Vomáčka';
const has = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(Buffer.from(text, 'utf8'));

function board() {
  const doc = new Y.Doc({ gc: true });
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const topicId = readBoard(doc).topics[0].id;
  const add = (text: string, author = 'Petr') => addCard(doc, { kind: 'weakness', text, orgId: null, author, authorKey: 'k1', topicId }, LOCAL);
  const id = add(`Zavolejte: ${SECRET}`, 'Ing. Radomír Šťastný');
  const other = add('Chybí tlumočníci na úřadech');
  toggleVote(doc, id, 'voter-1', LOCAL);
  const poll = (question: string) =>
    createPoll(
      doc,
      {
        question,
        multiple: false,
        options: [
          { text: `Zavolejte: ${SECRET}`, cardId: id },
          { text: 'Jazyk', cardId: null }
        ]
      },
      LOCAL
    );
  const closed = poll('Co nejdřív?');
  closePoll(doc, closed, LOCAL);
  const open = poll('Co potom?');
  const comment = addComment(doc, { cardId: other, text: `Pište: ${SECRET}`, author: NICK, orgId: null }, LOCAL);
  return { doc, id, other, open, closed, comment };
}

const reason = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof BoardError ? `${err.reason}: ${err.message}` : 'other';
  }
};

describe('erase: redaction', () => {
  it('a card’s new text replaces its copies in open and closed polls; the old text is gone from the state', () => {
    const { doc, id, open, closed } = board();
    erase(doc, { kind: 'card', id, text: 'Kontakt odstraněn' }, LOCAL, 50);
    const state = readBoard(doc);
    for (const pollId of [open, closed]) expect(state.polls.find((p) => p.id === pollId)?.options[0]).toEqual({ id: 'o1', text: 'Kontakt odstraněn', cardId: id });
    expect(state.polls.find((p) => p.id === closed)?.open).toBe(false);
    expect(has(Y.encodeStateAsUpdate(doc), '777 123 456')).toBe(true); // the comment still holds it
    erase(doc, { kind: 'comment', id: state.comments[0].id, text: 'Pište moderátorovi' }, LOCAL, 60);
    expect(has(Y.encodeStateAsUpdate(doc), '777 123 456')).toBe(false);
  });

  it('a card’s author name, and a comment’s nickname, can be erased alone; the entries are marked', () => {
    const { doc, id, comment } = board();
    erase(doc, { kind: 'card', id, author: '' }, LOCAL, 70);
    erase(doc, { kind: 'comment', id: comment, author: '  ' }, LOCAL, 71);
    const state = readBoard(doc);
    expect(state.cards.find((c) => c.id === id)).toMatchObject({ author: '', redactedAt: 70, text: `Zavolejte: ${SECRET}` });
    expect(state.comments[0]).toMatchObject({ author: '', redactedAt: 71, text: `Pište: ${SECRET}` });
    const bytes = Y.encodeStateAsUpdate(doc);
    expect(has(bytes, 'Šťastný')).toBe(false);
    expect(has(bytes, NICK)).toBe(false);
  });

  it('a poll’s question and options are replaced and marked', () => {
    const { doc, open } = board();
    erase(doc, { kind: 'poll', id: open, question: 'Co potom, paní?', options: { o1: 'Kontakt', o2: 'Jazyk a úřady' } }, LOCAL, 80);
    const poll = readBoard(doc).polls.find((p) => p.id === open)!;
    expect(poll).toMatchObject({ question: 'Co potom, paní?', redactedAt: 80, open: true });
    expect(poll.options.map((o) => o.text)).toEqual(['Kontakt', 'Jazyk a úřady']);
  });

  it('refuses what cannot be redacted, with clear reasons, and writes nothing', () => {
    const { doc, id, open, comment } = board();
    const before = Y.encodeStateAsUpdate(doc);
    expect(reason(() => erase(doc, { kind: 'card', id: 'nope', text: 'x' }, LOCAL))).toMatch(/^not-found/);
    expect(reason(() => erase(doc, { kind: 'card', id }, LOCAL))).toBe('invalid: Nothing to redact');
    expect(reason(() => erase(doc, { kind: 'card', id, text: '  ' }, LOCAL))).toBe('invalid: Card text is empty');
    expect(reason(() => erase(doc, { kind: 'card', id, author: 'x'.repeat(81) }, LOCAL))).toMatch(/^too-long/);
    expect(reason(() => erase(doc, { kind: 'comment', id: comment, text: 'x'.repeat(301) }, LOCAL))).toMatch(/^too-long/);
    expect(reason(() => erase(doc, { kind: 'poll', id: open, options: { o9: 'x' } }, LOCAL))).toMatch(/^not-found: This poll has no option o9/);
    expect(reason(() => erase(doc, { kind: 'poll', id: open, question: ' ' }, LOCAL))).toMatch(/^invalid/);
    expect(reason(() => erase(doc, { kind: 'withdraw-comment', id: 'nope' }, LOCAL))).toMatch(/^not-found/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('a long card text becomes a one-line option of at most 120 characters', () => {
    expect(optionTextOf(`a\n${'b'.repeat(200)}`)).toHaveLength(120);
    expect(optionTextOf('  kratší\ntext ')).toBe('kratší text');
  });
});

describe('erase: withdrawal', () => {
  it('a withdrawn card leaves with its votes and the spotlight; poll options quoting it keep no text', () => {
    const { doc, id, open, closed } = board();
    setSpotlight(doc, id, LOCAL);
    erase(doc, { kind: 'withdraw-card', id }, LOCAL);
    const state = readBoard(doc);
    expect(state.cards.map((c) => c.id)).not.toContain(id);
    expect(state.votes.get(id)).toBeUndefined();
    expect(state.meta.spotlight).toBeNull();
    for (const pollId of [open, closed]) expect(state.polls.find((p) => p.id === pollId)?.options[0]).toEqual({ id: 'o1', text: '', cardId: id });
    expect(has(Y.encodeStateAsUpdate(doc), 'Zavolejte')).toBe(false);
  });

  it('a withdrawn comment is deleted', () => {
    const { doc, comment } = board();
    erase(doc, { kind: 'withdraw-comment', id: comment }, LOCAL);
    expect(readBoard(doc).comments).toEqual([]);
    expect(has(Y.encodeStateAsUpdate(doc), NICK)).toBe(false);
  });
});

describe('eraseInState (history checkpoints)', () => {
  const cases: Array<[string, (b: ReturnType<typeof board>) => Erasure, string]> = [
    ['card text', (b) => ({ kind: 'card', id: b.id, text: 'Kontakt odstraněn' }), 'Zavolejte'],
    ['card author', (b) => ({ kind: 'card', id: b.id, author: '' }), 'Šťastný'],
    ['comment', (b) => ({ kind: 'comment', id: b.comment, text: 'Pište moderátorovi', author: '' }), NICK],
    ['withdrawn card', (b) => ({ kind: 'withdraw-card', id: b.id }), 'Zavolejte'],
    ['withdrawn comment', (b) => ({ kind: 'withdraw-comment', id: b.comment }), NICK]
  ];
  for (const [what, erasure, needle] of cases)
    it(`rewrites a checkpoint without the ${what}; a second pass finds nothing to do`, () => {
      const b = board();
      const checkpoint = Y.encodeStateAsUpdate(b.doc);
      expect(has(checkpoint, needle)).toBe(true);
      const rewritten = eraseInState(checkpoint, erasure(b), 5);
      expect(rewritten).not.toBeNull();
      expect(has(rewritten!, needle)).toBe(false);
      expect(eraseInState(rewritten!, erasure(b), 5)).toBeNull();
    });

  it('a checkpoint from before the card existed, but with a poll quoting it, still loses the copy', () => {
    const b = board();
    const state = Y.encodeStateAsUpdate(b.doc);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    doc.transact(() => doc.getMap('cards').delete(b.id));
    const rewritten = eraseInState(Y.encodeStateAsUpdate(doc), { kind: 'card', id: b.id, text: 'Kontakt odstraněn' }, 9);
    expect(has(rewritten!, '777 123 456')).toBe(true); // the comment keeps its own copy
    const polls = new Y.Doc();
    Y.applyUpdate(polls, rewritten!);
    expect(readBoard(polls).polls.every((p) => p.options[0].text === 'Kontakt odstraněn')).toBe(true);
  });
});

describe('redactionsIn: comments and polls too', () => {
  it('reports a comment, a poll and an author-only card redaction made on another instance, with only the fields that changed', () => {
    const { doc, id, open, comment } = board();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const seen: RedactionMark[][] = [];
    replica.on('afterTransaction', (tr: Y.Transaction) => seen.push(redactionsIn(tr)));
    const forward = (change: () => void): void => {
      const before = Y.encodeStateVector(doc);
      change();
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, before), 'remote');
    };
    forward(() => erase(doc, { kind: 'comment', id: comment, author: '' }, LOCAL, 1));
    forward(() => erase(doc, { kind: 'poll', id: open, question: 'Jiná otázka' }, LOCAL, 2));
    forward(() => erase(doc, { kind: 'card', id, author: 'Odbor' }, LOCAL, 3));
    expect(seen).toEqual([
      [{ erasure: { kind: 'comment', id: comment, author: '' }, redactedAt: 1 }],
      [{ erasure: { kind: 'poll', id: open, question: 'Jiná otázka' }, redactedAt: 2 }],
      [{ erasure: { kind: 'card', id, author: 'Odbor' }, redactedAt: 3 }]
    ]);
  });

  it('reports a withdrawn card and comment by their mark, and a card removed otherwise (a restore) not at all', () => {
    const { doc, id, comment } = board();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const seen: RedactionMark[][] = [];
    replica.on('afterTransaction', (tr: Y.Transaction) => seen.push(redactionsIn(tr)));
    const forward = (change: () => void): void => {
      const before = Y.encodeStateVector(doc);
      change();
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, before), 'remote');
    };
    forward(() => erase(doc, { kind: 'withdraw-comment', id: comment }, LOCAL, 4));
    forward(() => erase(doc, { kind: 'withdraw-card', id }, LOCAL, 5));
    expect(seen).toEqual([[{ erasure: { kind: 'withdraw-comment', id: comment }, redactedAt: 4 }], [{ erasure: { kind: 'withdraw-card', id }, redactedAt: 5 }]]);
    const { doc: other, id: removed } = board();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(other));
    const marks: RedactionMark[][] = [];
    copy.on('afterTransaction', (tr: Y.Transaction) => marks.push(redactionsIn(tr)));
    const before = Y.encodeStateVector(other);
    other.getMap('cards').delete(removed);
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(other, before), 'remote');
    expect(marks).toEqual([[]]);
  });
});
