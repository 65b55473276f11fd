import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  boardPollResults,
  boardSetup,
  closePoll,
  createPoll,
  editCard,
  initBoard,
  LOCAL,
  readBoard,
  setHidden,
  toggleVote,
  votePoll
} from '../../../../src/lib/board/index.js';
import { createProjection } from '../../../../server/board/projection.js';
import { BUS_ORIGIN } from '../../../../server/sync/origins.js';
import { publicContent, readContent } from '../../../../src/lib/board/content.js';
import { applyContent } from '../../../../src/lib/board/restore.js';
import { fixtureDoc } from '../../../helpers/outputs-fixture.js';

function boards() {
  const full = new Y.Doc();
  initBoard(full, boardSetup('integration', 'en', 'Board'), LOCAL);
  const topicId = readBoard(full).topics[0].id;
  const add = (text: string) => addCard(full, { kind: 'weakness', text, orgId: null, author: 'A', authorKey: 'k', topicId }, LOCAL);
  return { full, add };
}

const strip = (doc: Y.Doc) => {
  const s = readBoard(doc);
  return { ...s, cards: s.cards.filter((c) => !c.hidden), votes: [...s.votes].map(([k, v]) => [k, [...v].sort()]).sort() };
};

describe('public projection', () => {
  it('P1: on load the public doc equals the full doc minus hidden cards and their votes', () => {
    const { full, add } = boards();
    const shown = add('shown');
    const hidden = add('hidden text');
    toggleVote(full, shown, 'v1', LOCAL);
    toggleVote(full, hidden, 'v2', LOCAL);
    setHidden(full, hidden, true, LOCAL);
    const pub = new Y.Doc();
    createProjection({ full, pub });
    const state = readBoard(pub);
    expect(state.cards.map((c) => c.id)).toEqual([shown]);
    expect([...state.votes.keys()]).toEqual([shown]);
    expect(state.topics).toEqual(readBoard(full).topics);
    expect(state.meta).toEqual(readBoard(full).meta);
    expect(Buffer.from(Y.encodeStateAsUpdate(pub)).includes(Buffer.from('hidden text'))).toBe(false);
  });

  it('P2: incremental changes keep the docs equal; hiding removes the text from the public state', () => {
    const { full, add } = boards();
    const pub = new Y.Doc();
    createProjection({ full, pub });
    const id = add('first text');
    editCard(full, id, { text: 'secret edit' }, LOCAL);
    toggleVote(full, id, 'v', LOCAL);
    expect(strip(pub)).toEqual(strip(full));
    setHidden(full, id, true, LOCAL);
    expect(readBoard(pub).cards).toHaveLength(0);
    expect(readBoard(pub).votes.size).toBe(0);
    expect(Buffer.from(Y.encodeStateAsUpdate(pub)).includes(Buffer.from('secret edit'))).toBe(false);
    setHidden(full, id, false, LOCAL);
    expect(strip(pub)).toEqual(strip(full));
  });

  it('P3: the full reconcile is idempotent, and bus changes are left to their own instance', () => {
    const { full, add } = boards();
    add('x');
    const pub = new Y.Doc();
    const projection = createProjection({ full, pub });
    const updates: Uint8Array[] = [];
    pub.on('update', (u: Uint8Array) => updates.push(u));
    projection.reconcile();
    expect(updates).toHaveLength(0);
    full.transact(() => full.getMap('meta').set('title', 'From another instance'), BUS_ORIGIN);
    expect(readBoard(pub).meta.title).toBe('Board');
  });

  it('P4: polls and poll votes reach the public doc, on load and live; results there equal the full doc’s', () => {
    const { full, add } = boards();
    const early = createPoll(
      full,
      {
        question: 'Earlier',
        multiple: false,
        options: [
          { text: 'A', cardId: null },
          { text: 'B', cardId: null }
        ]
      },
      LOCAL
    );
    votePoll(full, early, 'v1', ['o2'], LOCAL);
    const pub = new Y.Doc();
    createProjection({ full, pub });
    expect(readBoard(pub).polls).toEqual(readBoard(full).polls);
    const card = add('Housing first');
    const id = createPoll(
      full,
      {
        question: 'Which pitfall is most urgent?',
        multiple: true,
        options: [
          { text: 'Housing first', cardId: card },
          { text: 'Language', cardId: null }
        ]
      },
      LOCAL
    );
    votePoll(full, id, 'v1', ['o1', 'o2'], LOCAL);
    votePoll(full, id, 'v2', ['o2'], LOCAL);
    votePoll(full, id, 'v1', ['o1'], LOCAL);
    closePoll(full, id, LOCAL);
    const [f, p] = [readBoard(full), readBoard(pub)];
    expect(p.polls).toEqual(f.polls);
    expect(p.meta.activePoll).toBe(id);
    expect(boardPollResults(p, id)).toEqual(boardPollResults(f, id));
    expect(boardPollResults(p, id)?.results.options.map((o) => o.count)).toEqual([1, 1]);
  });

  it('P5: an option taken from a card that gets hidden loses its text in the public doc, and gets it back', () => {
    const { full, add } = boards();
    const pub = new Y.Doc();
    createProjection({ full, pub });
    const card = add('secret option text');
    const id = createPoll(
      full,
      {
        question: 'Q',
        multiple: false,
        options: [
          { text: 'secret option text', cardId: card },
          { text: 'Other', cardId: null }
        ]
      },
      LOCAL
    );
    setHidden(full, card, true, LOCAL);
    expect(readBoard(pub).polls[0].options.map((o) => o.text)).toEqual(['', 'Other']);
    expect(Buffer.from(Y.encodeStateAsUpdate(pub)).includes(Buffer.from('secret option text'))).toBe(false);
    const fresh = new Y.Doc();
    createProjection({ full, pub: fresh });
    expect(readBoard(fresh).polls[0].options[0].text).toBe('');
    setHidden(full, card, false, LOCAL);
    expect(readBoard(pub).polls).toEqual(readBoard(full).polls);
    expect(readBoard(pub).polls[0].id).toBe(id);
  });

  it('P6: the live projection and publicContent (replays, public exports) apply the one visibility rule alike', () => {
    const { doc: full, ids } = fixtureDoc();
    // A vote and a comment of its own on the hidden card, and a hidden comment on a visible one.
    setHidden(full, ids.hidden, false, LOCAL);
    toggleVote(full, ids.hidden, 'voter-9', LOCAL);
    setHidden(full, ids.hidden, true, LOCAL);
    const extra = [{ id: 'c9', cardId: ids.hidden, text: 'Na skryté kartě', author: '', nameConsent: false, orgId: null, createdAt: 9000, hidden: false }];
    applyContent(full, { ...readContent(full), comments: [...(readContent(full).comments ?? []), ...extra] }, LOCAL);
    const pub = new Y.Doc();
    createProjection({ full, pub });
    const live = readContent(pub);
    const expected = publicContent(readContent(full));
    // Names aside: the hall sees them live, the public outputs only with consent (name-consent.test.ts).
    const nameless = <T>(items: T[] | undefined): T[] => (items ?? []).map((x) => (x && typeof x === 'object' && 'author' in x ? { ...x, author: '' } : x));
    for (const part of ['cards', 'votes', 'comments', 'polls', 'pollVotes'] as const) expect(nameless<unknown>(live[part])).toEqual(nameless<unknown>(expected[part]));
    expect(live.cards.length).toBeGreaterThan(0);
    expect(live.polls?.some((p) => p.options.some((o) => o.cardId === ids.hidden && o.text === ''))).toBe(true);
  });
});
