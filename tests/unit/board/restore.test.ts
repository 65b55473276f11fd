import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readContent, publicContent } from '../../../src/lib/board/content.js';
import { actionOrigin, addCard, LOCAL, readBoard, toggleVote } from '../../../src/lib/board/index.js';
import { applyContent } from '../../../src/lib/board/restore.js';
import { fixtureDoc, HIDDEN_TEXT } from '../../helpers/outputs-fixture.js';

describe('applyContent (import and restore)', () => {
  it('makes an empty document equal to the content, ids included', () => {
    const { doc } = fixtureDoc();
    const copy = new Y.Doc();
    applyContent(copy, readContent(doc), LOCAL);
    expect(readContent(copy)).toEqual(readContent(doc));
  });

  it('brings a changed document back: later cards and votes removed, earlier ones restored, in one transaction with its origin', () => {
    const { doc, ids } = fixtureDoc();
    const then = readContent(doc);
    const s = readBoard(doc);
    addCard(doc, { kind: 'proposal', text: 'Později', orgId: null, author: '', authorKey: 'k', topicId: s.topics[0].id }, LOCAL);
    toggleVote(doc, ids.pangram, 'voter-1', LOCAL);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const origin = actionOrigin('board:restore', 'moderator');
    applyContent(doc, then, origin);
    expect(readContent(doc)).toEqual(then);
    expect(origins).toEqual([origin]);
  });

  it('writes nothing when the document already equals the content', () => {
    const { doc } = fixtureDoc();
    let updates = 0;
    doc.on('update', () => updates++);
    applyContent(doc, readContent(doc), LOCAL);
    expect(updates).toBe(0);
  });
});

describe('publicContent', () => {
  it('drops hidden cards and their votes', () => {
    const { doc, ids } = fixtureDoc();
    const pub = publicContent(readContent(doc));
    expect(pub.cards.some((c) => c.text === HIDDEN_TEXT)).toBe(false);
    expect(pub.votes.some((v) => v.cardId === ids.hidden)).toBe(false);
  });
});
