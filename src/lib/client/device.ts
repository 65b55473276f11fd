/**
 * This browser's device id: a random secret kept in localStorage. The board only ever sees the
 * per-board participant key derived from it (see $lib/board/identity.ts).
 */
import { isDeviceId, newDeviceId, participantKey, voterKey } from '$lib/board/identity.js';

const STORAGE_KEY = 'panel-board:device';
let memoryFallback: string | null = null;

export function deviceId(): string {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isDeviceId(stored)) return stored;
    const fresh = newDeviceId();
    localStorage.setItem(STORAGE_KEY, fresh);
    return fresh;
  } catch {
    // Storage blocked (private mode): a per-tab identity is the best we can do.
    memoryFallback ??= newDeviceId();
    return memoryFallback;
  }
}

export interface Identity {
  deviceId: string;
  /** Identifies "my cards" on this board. */
  participantKey: string;
  /** Identifies "my votes" (cards and polls); unlinkable to participantKey by anyone else. */
  voterKey: string;
}

export function identityFor(boardId: string): Identity {
  const id = deviceId();
  const key = participantKey(boardId, id);
  return { deviceId: id, participantKey: key, voterKey: voterKey(boardId, id) };
}
