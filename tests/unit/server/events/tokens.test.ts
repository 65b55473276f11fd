import { describe, expect, it } from 'vitest';
import {
  audienceToken,
  boardAudienceToken,
  boardGeneration,
  hashToken,
  newRoleTokens,
  newToken,
  revealTokens,
  roleForToken,
  sealTokens,
  tokenEquals
} from '../../../../server/events/tokens.js';
import { ROLES } from '../../../../src/lib/roles/index.js';

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

describe('role tokens at rest', () => {
  const serverKey = Buffer.alloc(32, 7);

  it('T3: sealed, they keep only hashes and sealed boxes; each token still resolves to its role', () => {
    const tokens = newRoleTokens();
    const sealed = sealTokens(tokens, serverKey);
    const text = JSON.stringify(sealed);
    for (const t of Object.values(tokens)) expect(text).not.toContain(t);
    for (const role of ROLES) expect(roleForToken(sealed, tokens[role])).toBe(role);
    expect(roleForToken(sealed, newToken())).toBeNull();
    expect(roleForToken(sealed, '')).toBeNull();
  });

  it('T4: only the moderator token opens the other tokens; the server key opens the audience token alone', () => {
    const tokens = newRoleTokens();
    const sealed = sealTokens(tokens, serverKey);
    expect(revealTokens(sealed, tokens.moderator)).toEqual(tokens);
    expect(revealTokens(sealed, tokens.panelist)).toBeNull();
    expect(revealTokens(sealed, newToken())).toBeNull();
    expect(audienceToken(sealed, serverKey)).toBe(tokens.audience);
    expect(() => audienceToken(sealed, Buffer.alloc(32, 8))).toThrow();
  });

  it('T5: a record from before (raw tokens) is still read', () => {
    const tokens = newRoleTokens();
    expect(roleForToken(tokens, tokens.moderator)).toBe('moderator');
    expect(revealTokens(tokens, tokens.moderator)).toEqual(tokens);
    expect(audienceToken(tokens, serverKey)).toBe(tokens.audience);
  });
});

describe('a board with an audience link of its own (issue 18: replacing one board’s audience link)', () => {
  const serverKey = Buffer.alloc(32, 7);

  it('T6: generation 0 is the event’s audience token; each later generation is a different token, bound to its board', () => {
    const event = newToken();
    expect(boardAudienceToken(event, 'boardA', 0)).toBe(event);
    const first = boardAudienceToken(event, 'boardA', 1);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set([event, first, boardAudienceToken(event, 'boardA', 2), boardAudienceToken(event, 'boardB', 1), boardAudienceToken(newToken(), 'boardA', 1)]).size).toBe(5);
  });

  it('T7: the sealed record keeps the generation, never the token; the server key opens the board’s token; its hash replaces the event’s for that board', () => {
    const tokens = newRoleTokens();
    const sealed = sealTokens(tokens, serverKey, { boardA: 2 });
    expect(boardGeneration(sealed, 'boardA')).toBe(2);
    expect(boardGeneration(sealed, 'boardB')).toBe(0);
    const own = audienceToken(sealed, serverKey, 'boardA');
    expect(own).toBe(boardAudienceToken(tokens.audience, 'boardA', 2));
    expect(JSON.stringify(sealed)).not.toContain(own);
    expect(audienceToken(sealed, serverKey, 'boardB')).toBe(tokens.audience);
    // On boardA the event's audience token opens nothing; every other role's still opens.
    expect(roleForToken(sealed, own, hashToken(own))).toBe('audience');
    expect(roleForToken(sealed, tokens.audience, hashToken(own))).toBeNull();
    expect(roleForToken(sealed, tokens.panelist, hashToken(own))).toBe('panelist');
    expect(roleForToken(sealed, own)).toBeNull();
    expect(sealTokens(tokens, serverKey)).not.toHaveProperty('boards');
  });
});
