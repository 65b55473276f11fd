/** Pure helpers of the moderator console and the projector: merge search, poll drafts, cluster labels. */
import { describe, expect, it } from 'vitest';
import type { BoardState, Card } from '../../../src/lib/board/types.js';
import { DEFAULT_PROJECTOR_STYLE, DEFAULT_SETTINGS, MAX_POLL_OPTION } from '../../../src/lib/board/types.js';
import { searchCards } from '../../../src/routes/b/[boardId]/moderate/merge-search.js';
import { pollPayload, topCardOptions } from '../../../src/routes/b/[boardId]/moderate/poll-draft.js';
import { blockCards, keepUnchanged, projectorBlocks, STACK_CHUNK } from '../../../src/routes/b/[boardId]/projector/blocks.js';

const card = (id: string, text: string, over: Partial<Card> = {}): Card => ({
  id,
  kind: 'weakness',
  text,
  orgId: null,
  author: '',
  nameConsent: false,
  authorKey: 'k',
  topicId: null,
  order: Number(id.replace(/\D/g, '')) || 0,
  createdAt: Number(id.replace(/\D/g, '')) || 0,
  updatedAt: 0,
  hidden: false,
  clusterId: null,
  redactedAt: null,
  ...over
});

const board = (cards: Card[], votes: Record<string, string[]> = {}, clusters: BoardState['clusters'] = []): BoardState => ({
  meta: {
    ...DEFAULT_PROJECTOR_STYLE,
    ...DEFAULT_SETTINGS,
    title: 'T',
    locked: false,
    spotlight: null,
    projector: { mode: 'board' },
    timer: null,
    activePoll: null,
    queueCounts: { pending: 0, approved: 0, rejected: 0 }
  },
  topics: [],
  orgs: [
    { id: 'o1', name: 'Plzeň', order: 1 },
    { id: 'o2', name: 'Brno', order: 2 }
  ],
  cards,
  clusters,
  votes: new Map(Object.entries(votes).map(([id, voters]) => [id, new Set(voters)])),
  upvotes: new Map(),
  comments: [],
  polls: [],
  pollVotes: new Map(),
  pollAnswers: new Map()
});

describe('merge search', () => {
  const cards = [card('c1', 'Na úřadech chybí tlumočníci', { orgId: 'o1' }), card('c2', 'Kurzy češtiny nestačí'), card('c3', 'Ubytovny pro pracovní migranty')];
  const orgName = (id: string | null) => (id === 'o1' ? 'Plzeň' : '');

  it('ignores case and diacritics, and every word must match', () => {
    expect(searchCards(cards, 'URADECH tlumocnici', orgName).map((c) => c.id)).toEqual(['c1']);
    expect(searchCards(cards, 'cestiny', orgName).map((c) => c.id)).toEqual(['c2']);
    expect(searchCards(cards, 'cestiny ubytovny', orgName)).toEqual([]);
  });

  it('finds a card by its organization, and lists everything for an empty query, up to the limit', () => {
    expect(searchCards(cards, 'plzen', orgName).map((c) => c.id)).toEqual(['c1']);
    expect(searchCards(cards, '  ', orgName, 2).map((c) => c.id)).toEqual(['c1', 'c2']);
  });
});

describe('poll drafts', () => {
  it('needs a question and two non-empty answers; trims and keeps card links', () => {
    expect(
      pollPayload('  ', false, [
        { text: 'a', cardId: null },
        { text: 'b', cardId: null }
      ])
    ).toBeNull();
    expect(
      pollPayload('Q?', false, [
        { text: 'a', cardId: null },
        { text: '  ', cardId: null }
      ])
    ).toBeNull();
    expect(
      pollPayload(' Q? ', true, [
        { text: ' a ', cardId: 'c1' },
        { text: '', cardId: null },
        { text: 'b', cardId: null }
      ])
    ).toEqual({
      question: 'Q?',
      multiple: true,
      options: [
        { text: 'a', cardId: 'c1' },
        { text: 'b', cardId: null }
      ]
    });
  });

  it('takes the top voted visible cards, clipped to the answer length, each with its card id', () => {
    const long = 'x'.repeat(MAX_POLL_OPTION + 30);
    const b = board([card('c1', 'few votes'), card('c2', long), card('c3', 'hidden', { hidden: true }), card('c4', 'most')], {
      c1: ['v1'],
      c2: ['v1', 'v2'],
      c3: ['v1', 'v2', 'v3', 'v4'],
      c4: ['v1', 'v2', 'v3']
    });
    const options = topCardOptions(b, 3);
    expect(options.map((o) => o.cardId)).toEqual(['c4', 'c2', 'c1']);
    expect(options[1].text.length).toBe(MAX_POLL_OPTION);
    expect(options[1].text.endsWith('…')).toBe(true);
  });
});

describe('projector blocks', () => {
  const clusters: BoardState['clusters'] = [
    { id: 'k1', title: 'Interpreters', createdAt: 1 },
    { id: 'k2', title: 'Alone', createdAt: 2 }
  ];
  const cards = [
    card('c1', 'a', { orgId: 'o1', clusterId: 'k1' }),
    card('c2', 'b', { orgId: 'o2' }),
    card('c3', 'c', { orgId: 'o2', clusterId: 'k1' }),
    card('c4', 'd', { orgId: 'o1', clusterId: 'k2' })
  ];

  it('gathers a cluster into one stack where its first card stands, with its cards and organizations', () => {
    const blocks = projectorBlocks(board(cards, {}, clusters), { mode: 'board' });
    expect(blocks.map((b) => b.kind)).toEqual(['topic', 'stack', 'card', 'card']);
    expect(blocks[0]).toMatchObject({ title: null, count: 4 });
    expect(blocks[1]).toMatchObject({ kind: 'stack', cards: 2, orgs: 2 });
    expect(blocks.flatMap(blockCards)).toEqual(['c1', 'c3', 'c2', 'c4']);
  });

  it('splits a big cluster into stacks of a few cards, so no block outgrows a column', () => {
    const many = Array.from({ length: STACK_CHUNK * 2 + 1 }, (_, i) => card(`c${i + 1}`, 't', { clusterId: 'k1' }));
    const blocks = projectorBlocks(board(many, {}, clusters), { mode: 'board' }).filter((b) => b.kind === 'stack');
    expect(blocks.map((b) => (b.kind === 'stack' ? b.items.length : 0))).toEqual([STACK_CHUNK, STACK_CHUNK, 1]);
  });

  it('ranks only voted cards in the top view', () => {
    const blocks = projectorBlocks(board([card('c1', 'a'), card('c2', 'b')], { c2: ['v1'] }), { mode: 'top', limit: 10 });
    expect(blocks.flatMap(blockCards)).toEqual(['c2']);
    expect(projectorBlocks(board([card('c1', 'a')]), { mode: 'top', limit: 10 })).toEqual([]);
  });

  it('keeps an unchanged block, so the view redraws only what changed', () => {
    const first = projectorBlocks(board(cards, {}, clusters), { mode: 'board' });
    const again = keepUnchanged(first, projectorBlocks(board(cards, { c2: ['v1'] }, clusters), { mode: 'board' }));
    expect(again[1]).toBe(first[1]);
    expect(again[2]).not.toBe(first[2]);
  });
});
