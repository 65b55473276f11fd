/** Pure helpers of the moderator console and the projector: merge search, poll drafts, cluster labels. */
import { describe, expect, it } from 'vitest';
import type { BoardState, Card } from '../../../src/lib/board/types.js';
import { DEFAULT_PROJECTOR_STYLE, DEFAULT_SETTINGS, MAX_POLL_OPTION } from '../../../src/lib/board/types.js';
import { searchCards } from '../../../src/routes/b/[boardId]/moderate/merge-search.js';
import { pollPayload, topCardOptions } from '../../../src/routes/b/[boardId]/moderate/poll-draft.js';
import { clusterLabels } from '../../../src/routes/b/[boardId]/projector/cluster-labels.js';

const card = (id: string, text: string, over: Partial<Card> = {}): Card => ({
  id,
  kind: 'weakness',
  text,
  orgId: null,
  author: '',
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
  meta: { ...DEFAULT_PROJECTOR_STYLE, ...DEFAULT_SETTINGS, title: 'T', locked: false, spotlight: null, projector: { mode: 'board' }, timer: null, activePoll: null, queueCounts: { pending: 0, approved: 0, rejected: 0 } },
  topics: [],
  orgs: [
    { id: 'o1', name: 'Plzeň', order: 1 },
    { id: 'o2', name: 'Brno', order: 2 }
  ],
  cards,
  clusters,
  votes: new Map(Object.entries(votes).map(([id, voters]) => [id, new Set(voters)])),
  comments: [],
  polls: [],
  pollVotes: new Map()
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
    expect(pollPayload('  ', false, [{ text: 'a', cardId: null }, { text: 'b', cardId: null }])).toBeNull();
    expect(pollPayload('Q?', false, [{ text: 'a', cardId: null }, { text: '  ', cardId: null }])).toBeNull();
    expect(pollPayload(' Q? ', true, [{ text: ' a ', cardId: 'c1' }, { text: '', cardId: null }, { text: 'b', cardId: null }])).toEqual({
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

describe('projector cluster labels', () => {
  const raisedBy = (n: number) => `raised by ${n}`;

  it('says how many organizations raised a cluster when more than one did', () => {
    const b = board(
      [card('c1', 'a', { orgId: 'o1', clusterId: 'k1' }), card('c2', 'b', { orgId: 'o2', clusterId: 'k1' }), card('c3', 'c', { orgId: 'o1', clusterId: 'k2' }), card('c4', 'd', { orgId: 'o1', clusterId: 'k2' })],
      {},
      [
        { id: 'k1', title: 'Interpreters', createdAt: 1 },
        { id: 'k2', title: '', createdAt: 2 }
      ]
    );
    expect(clusterLabels(b, raisedBy)).toEqual(new Map([
      ['k1', 'Interpreters · raised by 2'],
      ['k2', '']
    ]));
  });

  it('leaves out clusters with fewer than two visible cards', () => {
    const b = board([card('c1', 'a', { orgId: 'o1', clusterId: 'k1' }), card('c2', 'b', { orgId: 'o2', clusterId: 'k1', hidden: true })], {}, [{ id: 'k1', title: 'T', createdAt: 1 }]);
    expect(clusterLabels(b, raisedBy).size).toBe(0);
  });
});
