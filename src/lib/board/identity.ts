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
 * The key a participant votes (cards and polls) under. Like the participant key it is derived
 * from the secret device id, for another purpose, so only someone holding the device id can
 * link the two: a card's authorKey (a participant key, public on the board) leads nowhere.
 * A derivation of the participant key would not do, since anyone can hash an authorKey.
 * The device recognises its own votes; the server derives the key at the handshake.
 */
export const voterKey = (boardId: string, deviceId: string): string => derived('vote', `${boardId}:${deviceId}`);

/** The key the moderator-only queue files a participant's submissions under. */
export const submitterKey = (participantKey: string): string => derived('submit', participantKey);

/** Device ids: 128 random bits, base64url. */
export function newDeviceId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const isDeviceId = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(v);
