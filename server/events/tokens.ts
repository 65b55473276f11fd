/**
 * Role tokens: 128 random bits each, base64url, never logged, and never stored as they are.
 * At rest an event keeps (SealedTokens):
 * - the SHA-256 of each role's token, which is all that checking a presented token needs
 *   (compared in constant time; the tokens are random, so no slow hash is needed);
 * - the other roles' tokens sealed (AES-256-GCM) under a key derived from the moderator's
 *   token, so the moderator's console can show the role links again, and nobody else can;
 * - the audience token sealed under a server key: GET /api/join hands it to anyone with the
 *   join code, so it cannot be more secret than the code itself.
 * Records written before this (the raw tokens themselves) are still read, and sealed on first
 * use (resolver.ts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '../../src/lib/roles/index.js';

export type RoleTokens = Record<Role, string>;

export interface SealedTokens {
  /** Format version. */
  v: 2;
  /** base64url SHA-256 of each role's token. */
  hashes: RoleTokens;
  /** The panelist, audience and projector tokens, sealed under the moderator token's key. */
  links: string;
  /** The audience token, sealed under the server key. */
  audience: string;
}

/** What an event record holds: sealed, or (records from before) the raw tokens. */
export type StoredTokens = SealedTokens | RoleTokens;

export const newToken = (): string => randomBytes(16).toString('base64url');

export function newRoleTokens(): RoleTokens {
  return { moderator: newToken(), panelist: newToken(), audience: newToken(), projector: newToken() };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export const hashToken = (token: string): string => digest(token).toString('base64url');

export const isSealed = (stored: StoredTokens): stored is SealedTokens => (stored as Partial<SealedTokens>).v === 2;

/** Equal-length digests make `timingSafeEqual` usable whatever the presented token's length. */
export function tokenEquals(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The role a token grants among an event's tokens, or null. Checks every role, always, in constant time. */
export function roleForToken(stored: StoredTokens, presented: string): Role | null {
  const presentedHash = digest(presented);
  let found: Role | null = null;
  for (const role of ROLES) {
    const expected = isSealed(stored) ? Buffer.from(stored.hashes[role], 'base64url') : digest(stored[role]);
    const equal = expected.length === presentedHash.length && timingSafeEqual(expected, presentedHash);
    if (equal && found === null) found = role;
  }
  return found;
}

const linksKey = (moderatorToken: string): Buffer => createHmac('sha256', moderatorToken).update('panel-board:links').digest();

function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plain text, or null when the key is wrong or the box was tampered with. */
function open(key: Buffer, sealed: string): string | null {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** What an event stores for `tokens`; `serverKey` is 32 bytes (the store's token secret). */
export function sealTokens(tokens: RoleTokens, serverKey: Buffer): SealedTokens {
  const hashes = Object.fromEntries(ROLES.map((role) => [role, hashToken(tokens[role])])) as RoleTokens;
  const others = JSON.stringify({ panelist: tokens.panelist, audience: tokens.audience, projector: tokens.projector });
  return { v: 2, hashes, links: seal(linksKey(tokens.moderator), others), audience: seal(serverKey, tokens.audience) };
}

/** Every role's token, for the moderator who presented `moderatorToken`; null for any other token. */
export function revealTokens(stored: StoredTokens, moderatorToken: string): RoleTokens | null {
  if (roleForToken(stored, moderatorToken) !== 'moderator') return null;
  if (!isSealed(stored)) return { ...stored };
  const plain = open(linksKey(moderatorToken), stored.links);
  if (plain === null) return null;
  const others = JSON.parse(plain) as Omit<RoleTokens, 'moderator'>;
  return { moderator: moderatorToken, panelist: others.panelist, audience: others.audience, projector: others.projector };
}

/** The audience token (what a join code leads to). */
export function audienceToken(stored: StoredTokens, serverKey: Buffer): string {
  if (!isSealed(stored)) return stored.audience;
  const plain = open(serverKey, stored.audience);
  if (plain === null) throw new Error('the audience token does not open with this server key');
  return plain;
}
