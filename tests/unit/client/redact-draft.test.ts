/** The moderator's redaction dialog: which fields it offers, and the action that erases only what changed. */
import { describe, expect, it } from 'vitest';
import type { Card, Comment, Poll } from '../../../src/lib/board/types.js';
import { redactAction, redactFields } from '../../../src/routes/b/[boardId]/moderate/redact-draft.js';

const card: Card = {
  id: 'c1',
  kind: 'weakness',
  text: 'Volejte Janě 777 123 456',
  orgId: null,
  author: 'Jana Nováková',
  nameConsent: false,
  authorKey: 'k',
  topicId: null,
  order: 1,
  createdAt: 1,
  updatedAt: 1,
  hidden: false,
  clusterId: null,
  redactedAt: null
};
const comment: Comment = { id: 'm1', cardId: 'c1', text: 'Pište na karel@seznam.cz', author: 'Karel V.', nameConsent: false, orgId: null, createdAt: 1, hidden: false };
const poll: Poll = {
  id: 'p1',
  question: 'Co dál?',
  kind: 'choice',
  multiple: false,
  open: false,
  createdAt: 1,
  closedAt: 2,
  options: [
    { id: 'o1', text: 'Volejte Janě 777 123 456', cardId: 'c1' },
    { id: 'o2', text: 'Jazyk', cardId: null }
  ]
};

describe('redaction dialog drafts', () => {
  it('offers text and author for a card, text and nickname for a comment, question and every option for a poll', () => {
    expect(redactFields({ kind: 'card', card }).map((f) => [f.key, f.label, f.optional])).toEqual([
      ['text', 'redact.text', false],
      ['author', 'redact.author', true]
    ]);
    expect(redactFields({ kind: 'comment', comment }).map((f) => f.key)).toEqual(['text', 'author']);
    expect(redactFields({ kind: 'poll', poll }).map((f) => [f.key, f.labelArg])).toEqual([
      ['question', null],
      ['option:o1', '1'],
      ['option:o2', '2']
    ]);
  });

  it('sends only the changed fields; a name may be emptied, a text may not', () => {
    expect(redactAction({ kind: 'card', card }, { text: card.text, author: '' })).toEqual({ name: 'card:redact', payload: { cardId: 'c1', text: undefined, author: '' } });
    expect(redactAction({ kind: 'comment', comment }, { text: ' Pište moderátorovi ', author: comment.author })).toEqual({
      name: 'comment:redact',
      payload: { commentId: 'm1', text: 'Pište moderátorovi', author: undefined }
    });
    expect(redactAction({ kind: 'poll', poll }, { question: 'Co dál?', 'option:o1': 'Volejte koordinátorce' })).toEqual({
      name: 'poll:redact',
      payload: { pollId: 'p1', question: undefined, options: [{ id: 'o1', text: 'Volejte koordinátorce' }] }
    });
    expect(redactAction({ kind: 'card', card }, { text: '  ' })).toEqual({ problem: 'empty' });
    expect(redactAction({ kind: 'card', card }, { text: `${card.text} ` })).toEqual({ problem: 'unchanged' });
    expect(redactAction({ kind: 'comment', comment }, { text: 'x'.repeat(301) })).toEqual({ problem: 'too-long' });
  });
});
