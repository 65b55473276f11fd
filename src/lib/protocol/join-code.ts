/**
 * Join codes: six characters people read off the projector and type on a phone. The alphabet
 * leaves out look-alikes (0/O, 1/I/l), lookups ignore case, and what people add when they copy
 * a code (spaces, dashes) is dropped. Shared by the server (which makes the codes) and the
 * join form (which checks them before asking).
 */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const JOIN_CODE_LENGTH = 6;

/** Upper case, without whitespace and dashes (ASCII and typographic). */
export const normalizeJoinCode = (input: string): string => input.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();

export type JoinCodeCheck =
  | { ok: true; code: string }
  | { ok: false; problem: 'empty' | 'length' }
  /** `bad` lists the characters no code contains (e.g. "O" or "1"). */
  | { ok: false; problem: 'characters'; bad: string };

export function checkJoinCode(input: string): JoinCodeCheck {
  const code = normalizeJoinCode(input);
  if (code === '') return { ok: false, problem: 'empty' };
  const bad = [...new Set([...code].filter((c) => !JOIN_CODE_ALPHABET.includes(c)))].join('');
  if (bad !== '') return { ok: false, problem: 'characters', bad };
  if (code.length !== JOIN_CODE_LENGTH) return { ok: false, problem: 'length' };
  return { ok: true, code };
}
