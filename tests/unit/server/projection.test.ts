import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, boardSetup, editCard, initBoard, LOCAL, readBoard, setHidden, toggleVote } from '../../../src/lib/board/index.js';
import { createProjection } from '../../../server/rooms/projection.js';
import { BUS_ORIGIN } from '../../../server/rooms/origins.js';

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
});
