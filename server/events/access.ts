/**
 * Access over HTTP, written once: a token that opens nothing is 401, an id that names nothing is
 * 404, a role without the capability is 403; and the guard in front of the board pages.
 */
import { isId } from '../../src/lib/board/ids.js';
import { ROLE_PATH } from '../../src/lib/protocol/api.js';
import { can, ROLES, type Capability, type Role } from '../../src/lib/roles/index.js';
import { HttpError, sendHtml } from '../http/http-util.js';
import type { PageGuard } from '../http/handler.js';
import { refusalPage } from '../http/pages.js';
import type { AccessResolver, BoardAccess, EventAccess } from './resolver.js';

export type GrantedEvent = Extract<EventAccess, { ok: true }>;

/** The HTTP error of a refused token or a missing record. */
export function accessRefusal(reason: 'not-found' | 'unauthorized'): HttpError {
  return reason === 'not-found' ? new HttpError(404, 'not-found', 'Not found') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
}

/** The role a capability is refused to; the message says who may. */
export interface Requirement {
  capability: Capability;
  forbidden: string;
}

const check = (role: Role, need: Requirement | undefined): void => {
  if (need && !can(role, need.capability)) throw new HttpError(403, 'forbidden', need.forbidden);
};

/** The event the request's `t` token opens (with `need`, only for a role that has it). */
export async function requireEvent(access: AccessResolver, eventId: string, url: URL, need?: Requirement): Promise<GrantedEvent> {
  const result = await access.forEvent(eventId, url.searchParams.get('t'));
  if (!result.ok) throw accessRefusal(result.reason);
  check(result.role, need);
  return result;
}

/** The board the request's `t` token opens (with `need`, only for a role that has it). */
export async function requireBoard(access: AccessResolver, boardId: string, url: URL, need?: Requirement): Promise<BoardAccess> {
  const result = await access.forBoard(boardId, url.searchParams.get('t'));
  if (!result.ok) throw accessRefusal(result.reason);
  check(result.access.role, need);
  return result.access;
}

export const MODERATOR_ONLY = (forbidden = 'Only the moderator may do this'): Requirement => ({ capability: 'event:manage', forbidden });

const PAGE_ROLE = new Map<string, Role>(ROLES.map((role) => [ROLE_PATH[role], role]));

/** A board page, from the canonical path segments; any case: guarding more never serves less safely. */
function pageOf(segments: readonly string[]): { boardId: string; role: Role } | null {
  if (segments.length !== 3 || segments[0].toLowerCase() !== 'b') return null;
  const role = PAGE_ROLE.get(segments[2].toLowerCase());
  return role ? { boardId: segments[1], role } : null;
}

/**
 * Serves a board page only for a token of that board's event whose role matches the page; refuses
 * it with a page otherwise. One exception: the audience page of an existing board with a token
 * that opens nothing (a replaced link; a missing token is still refused) is served, since the
 * audience's credential is the join code: the app offers to rejoin with it, in the UI's
 * language. The page holds nothing of the board; every channel that does checks the token itself.
 */
export function createPageGuard(access: AccessResolver): PageGuard {
  return async (req, res, url, segments) => {
    const page = pageOf(segments);
    if (!page) return true;
    const result = isId(page.boardId) ? await access.forBoard(page.boardId, url.searchParams.get('t')) : ({ ok: false, reason: 'not-found' } as const);
    const rejoin = !result.ok && result.reason === 'unauthorized' && page.role === 'audience' && Boolean(url.searchParams.get('t'));
    const refusal = rejoin ? null : !result.ok ? result.reason : result.access.role !== page.role ? 'forbidden' : null;
    if (refusal) {
      const refused = refusalPage(refusal);
      sendHtml(res, refused.status, req.method === 'HEAD' ? '' : refused.html);
      return false;
    }
    res.setHeader('referrer-policy', 'no-referrer');
    return true;
  };
}
