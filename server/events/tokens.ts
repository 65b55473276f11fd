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
  /**
   * Boards whose audience link was replaced on its own: board id → how many times. Such a board
   * opens for its own audience token (boardAudienceToken), no longer for the event's.
   */
  boards?: Record<string, number>;
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

/**
 * The role a token grants among an event's tokens, or null. Checks every role, always, in constant
 * time. `audienceHash` replaces the event's audience hash (a board with a link of its own).
 */
export function roleForToken(stored: StoredTokens, presented: string, audienceHash?: string): Role | null {
  const presentedHash = digest(presented);
  let found: Role | null = null;
  for (const role of ROLES) {
    const hash = role === 'audience' && audienceHash !== undefined ? audienceHash : isSealed(stored) ? stored.hashes[role] : hashToken(stored[role]);
    const expected = Buffer.from(hash, 'base64url');
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

/** What an event stores for `tokens`; `serverKey` is 32 bytes (the store's token secret); `boards` as in SealedTokens. */
export function sealTokens(tokens: RoleTokens, serverKey: Buffer, boards: Record<string, number> = {}): SealedTokens {
  const hashes = Object.fromEntries(ROLES.map((role) => [role, hashToken(tokens[role])])) as RoleTokens;
  const others = JSON.stringify({ panelist: tokens.panelist, audience: tokens.audience, projector: tokens.projector });
  const sealed: SealedTokens = { v: 2, hashes, links: seal(linksKey(tokens.moderator), others), audience: seal(serverKey, tokens.audience) };
  return Object.keys(boards).length > 0 ? { ...sealed, boards } : sealed;
}

/** How many times a board's audience link was replaced on its own (0: it opens for the event's audience token). */
export const boardGeneration = (stored: StoredTokens, boardId: string): number => (isSealed(stored) ? (stored.boards?.[boardId] ?? 0) : 0);

/**
 * The audience token of one board: the event's, until the board's link is replaced on its own;
 * then a MAC of the board and its generation under the event's audience token (nothing more to
 * store, and replacing the event's audience link replaces every board's).
 */
export function boardAudienceToken(eventAudience: string, boardId: string, generation: number): string {
  if (generation === 0) return eventAudience;
  return createHmac('sha256', eventAudience).update(`panel-board:board-audience:${boardId}:${generation}`).digest().subarray(0, 16).toString('base64url');
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

/** The event's audience token; with `boardId`, that board's (what its join code leads to). */
export function audienceToken(stored: StoredTokens, serverKey: Buffer, boardId?: string): string {
  const plain = isSealed(stored) ? open(serverKey, stored.audience) : stored.audience;
  if (plain === null) throw new Error('the audience token does not open with this server key');
  return boardId === undefined ? plain : boardAudienceToken(plain, boardId, boardGeneration(stored, boardId));
}
