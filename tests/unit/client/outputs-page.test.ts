/**
 * Pure parts of the public outputs page and the materials panel (issue 18, points 7 and 8): which
 * boards and polls the page shows, who took part, the replay's play button, the upload's checks
 * before a byte is sent, and file sizes.
 */
import { describe, expect, it } from 'vitest';
import type { BoardContent } from '../../../src/lib/board/content.js';
import type { Card, Poll } from '../../../src/lib/board/types.js';
import { fileSize } from '../../../src/lib/components/outputs/file-size.js';
import { createPlayer, stepDelay } from '../../../src/lib/components/outputs/replay-player.js';
import type { PublicOutputs } from '../../../src/lib/protocol/outputs.js';
import { precheck } from '../../../src/routes/b/[boardId]/moderate/upload.js';
import { organizationsTakingPart, shownBoards } from '../../../src/routes/outputs/[eventId]/outputs-view.js';

const card = (id: string, orgId: string | null, over: Partial<Card> = {}): Card => ({
  id,
  kind: 'weakness',
  text: id,
  orgId,
  author: '',
  nameConsent: false,
  authorKey: 'k',
  topicId: 't1',
  order: 0,
  createdAt: 0,
  updatedAt: 0,
  hidden: false,
  clusterId: null,
  redactedAt: null,
  ...over
});

const poll = (id: string, open: boolean, closedAt: number | null): Poll => ({
  id,
  question: id,
  kind: 'choice',
  multiple: false,
  options: [
    { id: 'a', text: 'A', cardId: null },
    { id: 'b', text: 'B', cardId: null }
  ],
  open,
  createdAt: 1,
  closedAt
});

const content = (cards: Card[], polls: Poll[] = []): BoardContent => ({
  meta: {},
  topics: [{ id: 't1', title: 'T', order: 0 }],
  orgs: [
    { id: 'o1', name: 'Praha 14', order: 0 },
    { id: 'o2', name: 'Brno', order: 1 },
    { id: 'o3', name: 'Plzeň', order: 2 }
  ],
  clusters: [],
  cards,
  votes: [],
  polls,
  pollVotes: [{ pollId: 'closed', voterKey: 'v1', optionIds: ['b'] }]
});

const outputs = (boards: Array<[string, BoardContent]>): PublicOutputs =>
  ({ event: {}, publishedAt: 0, materials: [], boards: boards.map(([id, c]) => ({ board: { id, kind: 'workshop', title: id }, content: c })) }) as unknown as PublicOutputs;

describe('what the outputs page shows', () => {
  it('leaves out a board without a visible card or a closed poll, keeps one with only a closed poll', () => {
    const data = outputs([
      ['main', content([card('c1', 'o2')])],
      ['empty', content([])],
      ['only-hidden', content([card('c2', 'o1', { hidden: true })])],
      ['only-open-poll', content([], [poll('open', true, null)])],
      ['poll', content([], [poll('closed', false, 5)])]
    ]);
    expect(shownBoards(data).map((b) => b.id)).toEqual(['main', 'poll']);
  });

  it('shows closed polls only, in the order they were closed, with their results', () => {
    const [board] = shownBoards(outputs([['b', content([card('c1', null)], [poll('late', false, 9), poll('open', true, null), poll('closed', false, 5)])]]));
    expect(board.polls.map((p) => p.poll.id)).toEqual(['closed', 'late']);
    expect(board.polls[0].results.options.map((o) => o.count)).toEqual([0, 1]);
  });

  it('gives a scale poll its mean and a free-text poll its approved answers; a free-text poll with none is left out', () => {
    const scale = { ...poll('scale', false, 1), kind: 'scale' as const };
    const words = { ...poll('words', false, 2), kind: 'words' as const, options: [] };
    const silent = { ...poll('silent', false, 3), kind: 'open' as const, options: [] };
    const c = {
      ...content([card('c1', null)], [scale, words, silent]),
      pollVotes: [
        { pollId: 'scale', voterKey: 'v1', optionIds: ['a'] },
        { pollId: 'scale', voterKey: 'v2', optionIds: ['b'] }
      ]
    };
    c.pollAnswers = [{ id: 'w1', pollId: 'words', text: 'bydlení', at: 1 }];
    const [board] = shownBoards(outputs([['b', c]]));
    expect(board.polls.map((p) => [p.poll.id, p.average, p.answers.map((a) => a.text)])).toEqual([
      ['scale', 1.5, []],
      ['words', null, ['bydlení']]
    ]);
  });

  it('names each organization with a visible card once, in board order', () => {
    const boards = shownBoards(
      outputs([
        ['a', content([card('c1', 'o2'), card('c2', null), card('c3', 'o1', { hidden: true })])],
        ['b', content([card('c4', 'o2'), card('c5', 'o3')])]
      ])
    );
    expect(organizationsTakingPart(boards)).toEqual(['Brno', 'Plzeň']);
  });
});

describe('the replay play button', () => {
  function player(position: number, last: number) {
    const shown: number[] = [];
    const states: boolean[] = [];
    let at = position;
    const p = createPlayer({
      show: async (i) => void (shown.push(i), (at = i)),
      position: () => at,
      last: () => last,
      delay: () => 1,
      onchange: (on) => states.push(on),
      wait: async () => undefined
    });
    return { p, shown, states };
  }

  it('from the current state starts at the first moment and plays to the current state, then stops', async () => {
    const { p, shown, states } = player(3, 3);
    p.toggle();
    await new Promise((r) => setTimeout(r, 10));
    expect(shown).toEqual([0, 1, 2, 3]);
    expect(states).toEqual([true, false]);
  });

  it('from a moment in the middle goes on from the next one; toggling again pauses', async () => {
    const { p, shown, states } = player(1, 5);
    p.toggle();
    p.toggle();
    await new Promise((r) => setTimeout(r, 10));
    expect(shown).toEqual([2]);
    expect(states).toEqual([true, false]);
  });

  it('plays a session in about 20 s: between a quarter and a whole second per moment', () => {
    expect(stepDelay(5)).toBe(1000);
    expect(stepDelay(40)).toBe(500);
    expect(stepDelay(1000)).toBe(250);
  });
});

describe('the upload’s checks before sending', () => {
  it('refuses a file over the limit and a name no allowed type has; the server still decides by content', () => {
    expect(precheck({ name: 'a.pdf', size: 11 }, 10)?.failure).toBe('too-large');
    expect(precheck({ name: 'setup.exe', size: 1 }, 10)?.failure).toBe('wrong-type');
    expect(precheck({ name: 'bez přípony', size: 1 }, 10)?.failure).toBe('wrong-type');
    expect(precheck({ name: 'Zpráva.PDF', size: 10 }, 10)).toBeNull();
    expect(precheck({ name: 'foto.jpeg', size: 1 }, 10)).toBeNull();
  });

  it('writes sizes in kB under a megabyte, never 0, and in MB above', () => {
    const n = (x: number) => String(x);
    expect(fileSize(10, n)).toBe('0.1 kB');
    expect(fileSize(120_000, n)).toBe('117.2 kB');
    expect(fileSize(1_500_000, n)).toBe('1.4 MB');
  });
});
