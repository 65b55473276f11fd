/** Plain HTTP calls of the event API (create event, add workshop board, join by code). */
import type { BoardInfo, CreateEventResponse, JoinResult, RotateTokenResult } from '$lib/protocol/api.js';
import type { Role } from '$lib/roles/index.js';
import type { ErrorBody } from '$lib/protocol/errors.js';

export interface CreateEventInput {
  title: string;
  date: string;
  place: string;
  template: 'integration' | 'blank';
  lang: 'cs' | 'en';
  workshops?: string[];
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string };

async function postJson<T>(url: string, body: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body)
    });
    const json = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const err = json as Partial<ErrorBody> | null;
      return { ok: false, message: err?.message ?? `${res.status} ${res.statusText}` };
    }
    return { ok: true, data: json as T };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export const createEvent = (input: CreateEventInput): Promise<ApiResult<CreateEventResponse>> => postJson('/api/events', input);

/** Replaces a role's link for the whole event, or (`boardId`, the audience only) one board's; the old token stops working at once. */
export const rotateRoleLink = (eventId: string, moderatorToken: string, role: Role, boardId?: string): Promise<ApiResult<RotateTokenResult>> =>
  postJson(`/api/events/${encodeURIComponent(eventId)}/tokens/${role}/rotate?t=${encodeURIComponent(moderatorToken)}`, boardId ? { boardId } : {});

export const addWorkshopBoard = (eventId: string, moderatorToken: string, title: string): Promise<ApiResult<BoardInfo>> =>
  postJson(`/api/events/${encodeURIComponent(eventId)}/boards?t=${encodeURIComponent(moderatorToken)}`, { title });

export type JoinLookup =
  | { ok: true; data: JoinResult }
  | { ok: false; reason: 'not-found' | 'network' | 'server'; message: string }
  /** Too many attempts (wrong codes above all) from this network: wait `retryAfterMs`. */
  | { ok: false; reason: 'rate-limited'; message: string; retryAfterMs: number };

/** Resolves a join code (already checked with checkJoinCode) to the board's audience link. */
export async function joinBoard(code: string, fetchFn: typeof fetch = fetch, ticket: string | null = null): Promise<JoinLookup> {
  let res: Response;
  try {
    const query = ticket ? `?s=${encodeURIComponent(ticket)}` : '';
    res = await fetchFn(`/api/join/${encodeURIComponent(code)}${query}`, { headers: { accept: 'application/json' } });
  } catch (err) {
    return { ok: false, reason: 'network', message: err instanceof Error ? err.message : String(err) };
  }
  if (res.status === 404) return { ok: false, reason: 'not-found', message: 'No board with this code' };
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    return { ok: false, reason: 'rate-limited', message: 'Too many attempts', retryAfterMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000 };
  }
  const json = (await res.json().catch(() => null)) as Partial<JoinResult> | null;
  if (!res.ok || typeof json?.url !== 'string' || typeof json.boardId !== 'string' || typeof json.code !== 'string' || typeof json.ticket !== 'string')
    return { ok: false, reason: 'server', message: `${res.status} ${res.statusText}` };
  return { ok: true, data: { boardId: json.boardId, url: json.url, code: json.code, ticket: json.ticket } };
}

/** The path (and query) of an audience link, so joining stays on the origin the person typed. */
export const localPath = (url: string): string => {
  const u = new URL(url, 'http://localhost');
  return u.pathname + u.search;
};
