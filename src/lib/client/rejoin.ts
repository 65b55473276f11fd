/**
 * The join code is the audience's stable credential; the audience link is only its current
 * exchange. A phone keeps, per board, the code it came through and the code's join ticket (from
 * the join answer, or from its session's QR link), and when its link stops opening the board (a
 * replaced link: close 4410, or 4401 / HTTP 401 on reload) it exchanges them again for the
 * current link. With the ticket that lookup is no guess, so the whole hall behind one address can
 * do it at once (server/events/identity-routes.ts).
 */
import { checkJoinCode } from '$lib/protocol/join-code.js';
import { joinBoard, localPath, type JoinLookup } from './api.js';

export interface JoinPass {
  code: string;
  /** The join ticket of the code; null when only the code is known (then the lookup counts as typed). */
  ticket: string | null;
}

const storageKey = (boardId: string): string => `panel-board:join:${boardId}`;

const isPass = (v: unknown): v is JoinPass =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as JoinPass).code === 'string' &&
  checkJoinCode((v as JoinPass).code).ok &&
  ((v as JoinPass).ticket === null || typeof (v as JoinPass).ticket === 'string');

export function rememberJoin(boardId: string, pass: JoinPass): void {
  try {
    localStorage.setItem(storageKey(boardId), JSON.stringify(pass));
  } catch {
    // Storage blocked: this phone will ask for the code instead.
  }
}

export function recallJoin(boardId: string): JoinPass | null {
  try {
    const raw = localStorage.getItem(storageKey(boardId));
    const parsed: unknown = raw === null ? null : JSON.parse(raw);
    return isPass(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The pass in a board's QR link (`…/join/<code>?s=<ticket>`), or null. */
export function passFromJoinUrl(joinUrl: string): JoinPass | null {
  try {
    const url = new URL(joinUrl, 'http://localhost');
    const match = /^\/join\/([^/]+)$/.exec(url.pathname);
    const checked = match ? checkJoinCode(decodeURIComponent(match[1])) : null;
    return checked?.ok ? { code: checked.code, ticket: url.searchParams.get('s') } : null;
  } catch {
    return null;
  }
}

export type RejoinResult = { ok: true; path: string } | { ok: false; lookup: Exclude<JoinLookup, { ok: true }> | null };

/**
 * Exchanges the pass for the board's current audience link. An answer that is still the link
 * that failed (`failedToken`: a cache on the way, a notice that overtook the store) is asked
 * again a few times, a little later each time.
 */
export async function rejoin(pass: JoinPass, failedToken: string | null, options: { fetch?: typeof fetch; attempts?: number; waitMs?: number } = {}): Promise<RejoinResult> {
  const attempts = options.attempts ?? 4;
  const waitMs = options.waitMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    const found = await joinBoard(pass.code, options.fetch ?? fetch, pass.ticket);
    if (!found.ok) return { ok: false, lookup: found };
    const path = localPath(found.data.url);
    const token = new URL(path, 'http://localhost').searchParams.get('t');
    if (token !== failedToken) return { ok: true, path };
    if (attempt >= attempts) return { ok: false, lookup: null };
    await new Promise((resolve) => setTimeout(resolve, waitMs * attempt));
  }
}
