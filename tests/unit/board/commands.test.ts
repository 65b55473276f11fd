import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  BoardError,
  boardSetup,
  clusterCards,
  clusterVoters,
  columns,
  editCard,
  initBoard,
  LOCAL,
  matrix,
  moveCard,
  readBoard,
  removeTopic,
  runTimer,
  setHidden,
  setLocked,
  setProjector,
  setProjectorStyle,
  setSpotlight,
  toggleVote,
  topVoted,
  unclusterCard,
  visibleCards,
  voteCount
} from '../../../src/lib/board/index.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  const state = readBoard(doc);
  const topic = (i: number) => state.topics[i].id;
  const org = (i: number) => state.orgs[i].id;
  const add = (text: string, t = 0, o = 0, authorKey = 'k1') => addCard(doc, { kind: 'weakness', text, orgId: org(o), author: 'Jana', authorKey, topicId: topic(t) }, LOCAL);
  return { doc, topic, org, add };
}

describe('board model', () => {
  it('template pre-fills organizations and topic columns in order', () => {
    const { doc } = board();
    const s = readBoard(doc);
    expect(s.meta.title).toBe('Výzvy integrace');
    expect(s.topics.map((t) => t.title)).toContain('Bydlení');
    expect(s.topics).toHaveLength(6);
    expect(s.orgs.map((o) => o.name)).toEqual(expect.arrayContaining(['Brno', 'Plzeň', 'Praha 14', 'IOM', 'Montréal (CA)']));
  });

  it('adds a card with every field and rejects empty or over-long text', () => {
    const { doc, add } = board();
    const id = add('  Příliš žluťoučký kůň úpěl ďábelské ódy  ');
    const card = readBoard(doc).cards.find((c) => c.id === id)!;
    expect(card).toMatchObject({ kind: 'weakness', text: 'Příliš žluťoučký kůň úpěl ďábelské ódy', author: 'Jana', hidden: false, clusterId: null });
    expect(card.createdAt).toBeGreaterThan(0);
    expect(() => add('   ')).toThrow(BoardError);
    expect(() => add('x'.repeat(501))).toThrow(/500/);
    expect(add('x'.repeat(500))).toBeTruthy();
  });

  it('edits a card and bumps updatedAt', () => {
    const { doc, add } = board();
    const id = add('a');
    editCard(doc, id, { text: 'b', kind: 'pitfall' }, LOCAL, Date.now() + 1000);
    const c = readBoard(doc).cards.find((x) => x.id === id)!;
    expect(c.text).toBe('b');
    expect(c.kind).toBe('pitfall');
    expect(c.updatedAt).toBeGreaterThan(c.createdAt);
  });

  it('moves a card between columns and before a neighbour', () => {
    const { doc, add, topic } = board();
    const a = add('a', 0);
    const b = add('b', 1);
    const c = add('c', 1);
    moveCard(doc, a, { topicId: topic(1), beforeId: c }, LOCAL);
    const col = columns(readBoard(doc))[1].cards.map((x) => x.text);
    expect(col).toEqual(['b', 'a', 'c']);
    moveCard(doc, c, { topicId: topic(1), beforeId: b }, LOCAL);
    expect(columns(readBoard(doc))[1].cards.map((x) => x.text)).toEqual(['c', 'b', 'a']);
    expect(columns(readBoard(doc))[0].cards).toHaveLength(0);
  });

  it('one vote per participant per card, toggled', () => {
    const { doc, add } = board();
    const id = add('a');
    expect(toggleVote(doc, id, 'v1', LOCAL)).toBe(true);
    expect(toggleVote(doc, id, 'v2', LOCAL)).toBe(true);
    expect(voteCount(readBoard(doc), id)).toBe(2);
    expect(toggleVote(doc, id, 'v1', LOCAL)).toBe(false);
    expect(voteCount(readBoard(doc), id)).toBe(1);
  });

  it('hides and restores without erasing anything, and refuses votes on hidden cards', () => {
    const { doc, add } = board();
    const id = add('a');
    setSpotlight(doc, id, LOCAL);
    setHidden(doc, id, true, LOCAL);
    let s = readBoard(doc);
    expect(visibleCards(s)).toHaveLength(0);
    expect(s.cards[0].text).toBe('a');
    expect(s.meta.spotlight).toBeNull();
    expect(() => toggleVote(doc, id, 'v', LOCAL)).toThrow(BoardError);
    expect(() => setSpotlight(doc, id, LOCAL)).toThrow(BoardError);
    setHidden(doc, id, false, LOCAL);
    s = readBoard(doc);
    expect(visibleCards(s)).toHaveLength(1);
  });

  it('clusters cards, merges clusters, and counts each voter once per cluster', () => {
    const { doc, add } = board();
    const [a, b, c] = [add('a'), add('b', 0, 1), add('c', 0, 2)];
    const k1 = clusterCards(doc, [a, b], 'Jazyk', LOCAL);
    const k2 = clusterCards(doc, [b, c], '', LOCAL);
    expect(k2).toBe(k1);
    toggleVote(doc, a, 'v1', LOCAL);
    toggleVote(doc, b, 'v1', LOCAL);
    toggleVote(doc, c, 'v2', LOCAL);
    expect(clusterVoters(readBoard(doc), k1).size).toBe(2);
    unclusterCard(doc, c, LOCAL);
    expect(clusterVoters(readBoard(doc), k1).size).toBe(1);
    expect(() => clusterCards(doc, [a], 'x', LOCAL)).toThrow(BoardError);
  });

  it('locks and unlocks the board', () => {
    const { doc } = board();
    setLocked(doc, true, LOCAL);
    expect(readBoard(doc).meta.locked).toBe(true);
    setLocked(doc, false, LOCAL);
    expect(readBoard(doc).meta.locked).toBe(false);
  });

  it('top voted (only cards with votes) and the organizations × topics matrix ignore hidden cards', () => {
    const { doc, add } = board();
    const a = add('a', 0, 0);
    const b = add('b', 1, 1);
    const h = add('h', 1, 1);
    toggleVote(doc, b, 'v1', LOCAL);
    setHidden(doc, h, true, LOCAL);
    const s = readBoard(doc);
    // Top voted lists only cards with votes: a has none.
    expect(topVoted(s, 5).map((c) => c.id)).toEqual([b]);
    const m = matrix(s);
    expect(m.cells[1][1].map((c) => c.id)).toEqual([b]);
    expect(m.cells[0][0].map((c) => c.id)).toEqual([a]);
  });

  it('projector modes and timer', () => {
    const { doc, topic } = board();
    setProjector(doc, { mode: 'topic', topicId: topic(2) }, LOCAL);
    expect(readBoard(doc).meta.projector).toEqual({ mode: 'topic', topicId: topic(2) });
    removeTopic(doc, topic(2), LOCAL);
    expect(readBoard(doc).meta.projector).toEqual({ mode: 'board' });
    runTimer(doc, { op: 'set', label: 'Brno', durationMs: 120_000 }, LOCAL, 0);
    runTimer(doc, { op: 'start' }, LOCAL, 1000);
    runTimer(doc, { op: 'pause' }, LOCAL, 31_000);
    expect(readBoard(doc).meta.timer).toMatchObject({ startedAt: null, remainingMs: 90_000 });
  });

  it('projector style lives in meta: defaults, partial changes, unknown stored values read as defaults', () => {
    const { doc } = board();
    expect(readBoard(doc).meta).toMatchObject({ projectorLang: 'auto', projectorTheme: 'light', projectorLargeText: false, projectorDensity: 'auto' });
    setProjectorStyle(doc, { projectorLang: 'both', projectorTheme: 'contrast' }, LOCAL);
    setProjectorStyle(doc, { projectorLargeText: true }, LOCAL);
    expect(readBoard(doc).meta).toMatchObject({ projectorLang: 'both', projectorTheme: 'contrast', projectorLargeText: true, projectorDensity: 'auto' });
    doc.getMap('meta').set('projectorTheme', 'neon');
    expect(readBoard(doc).meta.projectorTheme).toBe('light');
  });

  it('two documents converge when edits merge', () => {
    const a = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    const id = a.add('x');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    editCard(b, id, { text: 'from b' }, LOCAL);
    toggleVote(a.doc, id, 'v', LOCAL);
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a.doc));
    expect(readBoard(a.doc).cards).toEqual(readBoard(b).cards);
    expect(voteCount(readBoard(b), id)).toBe(1);
  });
});
