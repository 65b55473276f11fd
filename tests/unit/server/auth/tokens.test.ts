import { describe, expect, it } from 'vitest';
import { newRoleTokens, newToken, roleForToken, tokenEquals } from '../../../../server/auth/tokens.js';

describe('role tokens', () => {
  it('T1: tokens carry 128 random bits as base64url and differ per role', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(t, 'base64url')).toHaveLength(16);
    const tokens = newRoleTokens();
    expect(new Set(Object.values(tokens)).size).toBe(4);
  });

  it('T2: a token resolves to its role; anything else, of any length, to null', () => {
    const tokens = newRoleTokens();
    expect(roleForToken(tokens, tokens.panelist)).toBe('panelist');
    expect(roleForToken(tokens, tokens.projector)).toBe('projector');
    for (const wrong of ['', 'x', tokens.moderator.slice(1), `${tokens.moderator}x`, 'é'.repeat(200)]) expect(roleForToken(tokens, wrong)).toBeNull();
    expect(tokenEquals('abc', 'abc')).toBe(true);
    expect(tokenEquals('abc', 'abd')).toBe(false);
  });
});
