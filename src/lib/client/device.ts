/**
 * This browser's device identity: a credential the server issued (POST /api/device), kept in
 * localStorage and presented on every connection. The board only ever sees the per-board
 * participant and voter keys derived from it (see $lib/board/identity.ts). The server counts
 * votes, ballots and quotas per device, so it accepts only identities it issued; a board page
 * calls `ensureDevice()` before it connects (SessionGate), which confirms the stored one or
 * gets a new one.
 */
import { isDeviceId, newDeviceId, participantKey, voterKey } from '$lib/board/identity.js';
import type { DeviceResult } from '$lib/protocol/api.js';

const STORAGE_KEY = 'panel-board:device';
/** Set when storage is blocked (private mode: a per-tab identity), or offline before any was issued. */
let memoryFallback: string | null = null;

function stored(): string | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isDeviceId(value) ? value : null;
  } catch {
    return memoryFallback;
  }
}

function keep(id: string): void {
  memoryFallback = id;
  try {
    localStorage.setItem(STORAGE_KEY, id);
  } catch {
    // Storage blocked: the memory copy serves this tab.
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits at most this long per refusal: a hall over its minting rate gets in within a minute. */
const MAX_WAIT_MS = 20_000;
const ATTEMPTS = 4;

/**
 * Confirms the stored identity with the server, or gets a new one, and keeps it. Offline, it
 * keeps what it has (a panelist reloading without network still edits). Resolves with the id.
 */
export async function ensureDevice(fetchFn: typeof fetch = fetch): Promise<string> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = stored();
    let res: Response;
    try {
      res = await fetchFn('/api/device', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(current ? { deviceId: current } : {})
      });
    } catch {
      break; // offline
    }
    if (res.ok) {
      const body = (await res.json().catch(() => null)) as Partial<DeviceResult> | null;
      if (isDeviceId(body?.deviceId)) {
        keep(body.deviceId);
        return body.deviceId;
      }
      break;
    }
    if (res.status !== 429 || attempt === ATTEMPTS) break;
    const seconds = Number(res.headers.get('retry-after'));
    await sleep(Math.min(MAX_WAIT_MS, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 2000));
  }
  return deviceId();
}

/** Drops the stored identity (the server no longer knows it), so the next `ensureDevice()` gets a new one. */
export function forgetDevice(): void {
  memoryFallback = null;
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

/**
 * The identity to present now: the stored one, else (offline before the server issued one) a
 * local id for this tab, which the server will not count until `ensureDevice()` replaces it.
 */
export function deviceId(): string {
  return stored() ?? (memoryFallback ??= newDeviceId());
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
