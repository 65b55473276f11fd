/** Seeds a test server's board in-process (through the registry and the board commands). */
import { readContent } from '../../src/lib/board/content.js';
import { addCard, clusterCards, createPoll, LOCAL, readBoard, setHidden, toggleVote, votePoll } from '../../src/lib/board/index.js';
import { applyContent } from '../../src/lib/board/restore.js';
import type { TestServer } from './test-server.js';

export const SEED = {
  pangram: 'Příliš žluťoučký kůň úpěl ďábelské ódy',
  cities: 'Plzeň, Ústí nad Labem a České Budějovice',
  hidden: 'TAJNÉ: skrytá karta č. 7',
  formula: '=HYPERLINK("http://x","klik")'
};

export const SEED_ENGAGEMENT = {
  poll: 'Která past je nejnaléhavější?',
  option: 'Čekací lhůty na úřadech',
  comment: 'Totéž řešíme v Plzni – díky za sdílení',
  hiddenComment: 'SKRYTÝ komentář č. 3'
};

export async function seedBoard(ts: TestServer, boardId: string): Promise<Record<keyof typeof SEED, string>> {
  return ts.server.registry.withBoard(boardId, async (b) => {
    const doc = b.full.doc;
    const s = readBoard(doc);
    const add = (text: string, i: number) =>
      addCard(
        doc,
        {
          kind: i % 2 ? 'good-practice' : 'weakness',
          text,
          orgId: s.orgs[i % s.orgs.length].id,
          author: 'Jiří Šťastný',
          authorKey: 'author-key',
          topicId: s.topics[i % s.topics.length].id
        },
        LOCAL
      );
    const ids = Object.fromEntries(Object.entries(SEED).map(([k, text], i) => [k, add(text, i)])) as Record<keyof typeof SEED, string>;
    setHidden(doc, ids.hidden, true, LOCAL);
    clusterCards(doc, [ids.pangram, ids.cities], 'Města', LOCAL);
    toggleVote(doc, ids.pangram, 'voter-a', LOCAL);
    toggleVote(doc, ids.cities, 'voter-a', LOCAL);
    toggleVote(doc, ids.cities, 'voter-b', LOCAL);
    const poll = createPoll(
      doc,
      {
        question: SEED_ENGAGEMENT.poll,
        multiple: false,
        options: [
          { text: SEED_ENGAGEMENT.option, cardId: null },
          { text: SEED.cities, cardId: ids.cities }
        ]
      },
      LOCAL
    );
    votePoll(doc, poll, 'voter-a', ['o1'], LOCAL);
    votePoll(doc, poll, 'voter-b', ['o2'], LOCAL);
    votePoll(doc, poll, 'voter-c', ['o1'], LOCAL);
    // Comments are written through applyContent (the import command); commands for them come with submissions.
    const comment = (id: string, text: string, hidden: boolean) => ({
      id,
      cardId: ids.pangram,
      text,
      author: 'Eva',
      nameConsent: true,
      orgId: null,
      createdAt: Date.now(),
      hidden
    });
    applyContent(doc, { ...readContent(doc), comments: [comment('c1', SEED_ENGAGEMENT.comment, false), comment('c2', SEED_ENGAGEMENT.hiddenComment, true)] }, LOCAL);
    await b.full.flushed();
    await b.public.flushed();
    return ids;
  });
}
