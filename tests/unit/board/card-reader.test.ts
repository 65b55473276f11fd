/** The incremental card read (src/lib/board/card-reader.ts): only touched cards are parsed again, and the result is always a fresh full read's. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CardReader } from '../../../src/lib/board/card-reader.js';
import { addComment } from '../../../src/lib/board/comments.js';
import { cardsMap } from '../../../src/lib/board/layout.js';
import { addCard, boardSetup, castVote, editCard, initBoard, LOCAL, moveCard, readBoard, setHidden, setSettings } from '../../../src/lib/board/index.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, boardSetup('integration', 'cs', 'Výzvy integrace'), LOCAL);
  setSettings(doc, { voteBudget: null }, LOCAL);
  const s = readBoard(doc);
  let at = 1000;
  const add = (text: string, topic = 0) =>
    addCard(doc, { kind: 'pitfall', text, orgId: s.orgs[0].id, author: '', authorKey: 'author', topicId: s.topics[topic % s.topics.length].id }, LOCAL, (at += 10));
  return { doc, topics: s.topics.map((t) => t.id), add };
}

/** A second document that gets the first's updates, as the projector does. */
function mirror(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array) => Y.applyUpdate(copy, update));
  return copy;
}

const byId = <T extends { id: string }>(cards: T[]) => new Map(cards.map((c) => [c.id, c]));

describe('CardReader', () => {
  it('parses again only the card a change touched and keeps the others', () => {
    const { doc, add } = board();
    const ids = Array.from({ length: 20 }, (_, i) => add(`Karta ${i}`));
    const copy = mirror(doc);
    const reader = new CardReader(copy);
    const first = byId(reader.read());
    editCard(doc, ids[3], { text: 'Změněno' }, LOCAL);
    const second = byId(reader.read());
    for (const id of ids) {
      if (id === ids[3]) expect(second.get(id)).not.toBe(first.get(id));
      else expect(second.get(id)).toBe(first.get(id));
    }
    expect(second.get(ids[3])?.text).toBe('Změněno');
    // A vote or a comment is not in the card: nothing is parsed again.
    castVote(doc, ids[5], 'voter', LOCAL);
    const third = byId(reader.read());
    for (const id of ids) expect(third.get(id)).toBe(second.get(id));
    reader.destroy();
  });

  it('equals a fresh full read after random edits, deletes, moves, hides, votes and comments, and keeps no deleted card', () => {
    const { doc, topics, add } = board();
    const copy = mirror(doc);
    const reader = new CardReader(copy);
    let seed = 17;
    const rand = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
    const live: string[] = [];
    for (let i = 0; i < 30; i++) live.push(add(`Karta ${i}`, i));
    for (let step = 0; step < 400; step++) {
      const id = live[rand(live.length)];
      const op = rand(8);
      const shown = cardsMap(doc).get(id)?.get('hidden') !== true; // votes and comments go on visible cards only
      if (op === 0) live.push(add(`Nová ${step}`, step));
      else if (op === 1) editCard(doc, id, { text: `Text ${step}` }, LOCAL);
      else if (op === 2) moveCard(doc, id, { topicId: topics[rand(topics.length)], beforeId: live[rand(live.length)] === id ? null : live[rand(live.length)] }, LOCAL);
      else if (op === 3) setHidden(doc, id, rand(2) === 0, LOCAL);
      else if (op === 4 && shown) castVote(doc, id, `v${rand(5)}`, LOCAL);
      else if (op === 5 && shown) addComment(doc, { cardId: id, text: `Komentář ${step}`, author: '', orgId: null }, LOCAL);
      else if (op === 6 && live.length > 5) {
        cardsMap(doc).delete(id);
        live.splice(live.indexOf(id), 1);
      } else doc.transact(() => cardsMap(doc).get(id)?.set('order', rand(1000)), LOCAL);
      if (rand(3) === 0) continue; // several transactions between reads, as within one frame
      expect(readBoard(copy, reader.read())).toEqual(readBoard(copy));
      expect(reader.size).toBe(live.length);
    }
    expect(readBoard(copy, reader.read())).toEqual(readBoard(copy));
    expect(reader.size).toBe(live.length);
    reader.destroy();
  });
});
