/** Who may edit a card (src/lib/board/editing.ts): the roles table's capabilities, checked by the write policy, the actions and the pages. */
import { describe, expect, it } from 'vitest';
import { isAuthor, mayEditCard } from '../../../src/lib/board/index.js';
import { can, ROLES } from '../../../src/lib/roles/index.js';

const own = { authorKey: 'me' };
const theirs = { authorKey: 'someone-else' };
const published = { authorKey: '' };

describe('who may edit a card', () => {
  it('a role with card:edit-any edits every card, its own or not', () => {
    for (const card of [own, theirs, published]) expect(mayEditCard({ role: 'moderator', participantKey: 'me' }, card)).toBe(true);
  });

  it('a role with board:write edits only the cards it wrote', () => {
    expect(mayEditCard({ role: 'panelist', participantKey: 'me' }, own)).toBe(true);
    expect(mayEditCard({ role: 'panelist', participantKey: 'me' }, theirs)).toBe(false);
    expect(mayEditCard({ role: 'panelist', participantKey: 'me' }, published)).toBe(false);
    expect(mayEditCard({ role: 'panelist', participantKey: 'me' }, { authorKey: null })).toBe(false);
  });

  it('roles without either capability edit no card, not even one under their own key', () => {
    for (const role of ROLES.filter((r) => !can(r, 'card:edit-any') && !can(r, 'board:write'))) expect(mayEditCard({ role, participantKey: 'me' }, own)).toBe(false);
  });

  it('follows the roles table: every role is allowed exactly what its capabilities say', () => {
    for (const role of ROLES) {
      expect(mayEditCard({ role, participantKey: 'me' }, theirs)).toBe(can(role, 'card:edit-any'));
      expect(mayEditCard({ role, participantKey: 'me' }, own)).toBe(can(role, 'card:edit-any') || can(role, 'board:write'));
    }
  });

  it('authorship is the author key', () => {
    expect(isAuthor(own, 'me')).toBe(true);
    expect(isAuthor(theirs, 'me')).toBe(false);
  });
});
