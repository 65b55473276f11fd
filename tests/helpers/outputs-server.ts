/** Seeds a test server's board in-process (through the registry and the board commands). */
import { addCard, clusterCards, LOCAL, readBoard, setHidden, toggleVote } from '../../src/lib/board/index.js';
import type { TestServer } from './test-server.js';

export const SEED = {
  pangram: 'Příliš žluťoučký kůň úpěl ďábelské ódy',
  cities: 'Plzeň, Ústí nad Labem a České Budějovice',
  hidden: 'TAJNÉ: skrytá karta č. 7',
  formula: '=HYPERLINK("http://x","klik")'
};

export async function seedBoard(ts: TestServer, boardId: string): Promise<Record<keyof typeof SEED, string>> {
  return ts.server.registry.withBoard(boardId, async (b) => {
    const doc = b.full.doc;
    const s = readBoard(doc);
    const add = (text: string, i: number) =>
      addCard(doc, { kind: i % 2 ? 'good-practice' : 'weakness', text, orgId: s.orgs[i % s.orgs.length].id, author: 'Jiří Šťastný', authorKey: 'author-key', topicId: s.topics[i % s.topics.length].id }, LOCAL);
    const ids = Object.fromEntries(Object.entries(SEED).map(([k, text], i) => [k, add(text, i)])) as Record<keyof typeof SEED, string>;
    setHidden(doc, ids.hidden, true, LOCAL);
    clusterCards(doc, [ids.pangram, ids.cities], 'Města', LOCAL);
    toggleVote(doc, ids.pangram, 'voter-a', LOCAL);
    toggleVote(doc, ids.cities, 'voter-a', LOCAL);
    toggleVote(doc, ids.cities, 'voter-b', LOCAL);
    await b.full.flushed();
    await b.public.flushed();
    return ids;
  });
}
