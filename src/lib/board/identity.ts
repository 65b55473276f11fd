/**
 * Participant keys. A device keeps a random secret device id; the board only ever stores a
 * per-board SHA-256 derivation of it, so the document never reveals (or lets anyone replay)
 * a device id. lib0's sha256 works on plain-http LAN addresses where crypto.subtle does not.
 */
import { digest } from 'lib0/hash/sha256';
import { toBase64 } from 'lib0/buffer';

export function participantKey(boardId: string, deviceId: string): string {
  const hash = digest(new TextEncoder().encode(`panel-board:${boardId}:${deviceId}`));
  return toBase64(hash.subarray(0, 12)).replace(/\+/g, '-').replace(/\//g, '_');
}

const derived = (purpose: string, key: string): string => {
  const hash = digest(new TextEncoder().encode(`panel-board:${purpose}:${key}`));
  return toBase64(hash.subarray(0, 12)).replace(/\+/g, '-').replace(/\//g, '_');
};

/**
 * The key a participant votes (cards and polls) under. It is a one-way derivation of the
 * participant key, so nobody can link a card's authorKey to its author's votes; only the
 * device itself (which knows its participant key) can recognise its own votes.
 */
export const voterKey = (participantKey: string): string => derived('vote', participantKey);

/** The key the moderator-only queue files a participant's submissions under. */
export const submitterKey = (participantKey: string): string => derived('submit', participantKey);

/** Device ids: 128 random bits, base64url. */
export function newDeviceId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const isDeviceId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(v);
