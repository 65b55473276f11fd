/** Join codes (src/lib/protocol/join-code.ts): what people type is forgiven, what no code contains is named. */
import { describe, expect, it } from 'vitest';
import { checkJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from '../../../src/lib/protocol/join-code.js';

describe('join codes', () => {
  it('the alphabet has no look-alikes', () => {
    // Lower-case l is read as upper-case L, which codes may contain.
    for (const ch of '0O1I') expect(JOIN_CODE_ALPHABET).not.toContain(ch);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  it('ignores case, spaces and dashes (ASCII and typographic)', () => {
    expect(normalizeJoinCode(' hv3 -jly ')).toBe('HV3JLY');
    expect(normalizeJoinCode('HV3–JLY')).toBe('HV3JLY');
    expect(checkJoinCode('hv3 jly')).toEqual({ ok: true, code: 'HV3JLY' });
  });

  it('names the characters no code contains, before the length', () => {
    expect(checkJoinCode('AB0O1')).toEqual({ ok: false, problem: 'characters', bad: '0O1' });
    expect(checkJoinCode('ab-cd-i1')).toEqual({ ok: false, problem: 'characters', bad: 'I1' });
    expect(checkJoinCode('abcdll')).toEqual({ ok: true, code: 'ABCDLL' });
  });

  it('wants exactly six characters', () => {
    expect(checkJoinCode('  ')).toEqual({ ok: false, problem: 'empty' });
    expect(checkJoinCode('ABC')).toEqual({ ok: false, problem: 'length' });
    expect(checkJoinCode('ABCDEFG')).toEqual({ ok: false, problem: 'length' });
  });
});
