/** Role tokens: 128 random bits each, base64url, compared in constant time, never logged. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '../../src/lib/roles/index.js';

export type RoleTokens = Record<Role, string>;

export const newToken = (): string => randomBytes(16).toString('base64url');

export function newRoleTokens(): RoleTokens {
  return { moderator: newToken(), panelist: newToken(), audience: newToken(), projector: newToken() };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Equal-length digests make `timingSafeEqual` usable whatever the presented token's length. */
export function tokenEquals(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The role a token grants among an event's tokens, or null. Checks every role, always. */
export function roleForToken(tokens: RoleTokens, presented: string): Role | null {
  let found: Role | null = null;
  for (const role of ROLES) if (tokenEquals(presented, tokens[role]) && found === null) found = role;
  return found;
}
