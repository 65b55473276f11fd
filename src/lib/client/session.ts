/** Loads a page's BoardSession from GET /api/boards/:id?t=token. */
import type { BoardSession } from '$lib/protocol/api.js';

export type SessionResult =
  { status: 'ok'; session: BoardSession; token: string } | { status: 'error'; reason: 'no-token' | 'unauthorized' | 'not-found' | 'network' | 'server'; message: string };

export const sessionUrl = (boardId: string, token: string): string => `/api/boards/${encodeURIComponent(boardId)}?t=${encodeURIComponent(token)}`;

export async function loadSession(boardId: string, token: string | null, fetchFn: typeof fetch = fetch): Promise<SessionResult> {
  if (!token) return { status: 'error', reason: 'no-token', message: 'missing token' };
  let res: Response;
  try {
    res = await fetchFn(sessionUrl(boardId, token), {
      headers: { accept: 'application/json' }
    });
  } catch (err) {
    return { status: 'error', reason: 'network', message: err instanceof Error ? err.message : String(err) };
  }
  if (res.status === 401 || res.status === 403) return { status: 'error', reason: 'unauthorized', message: await messageOf(res) };
  if (res.status === 404) return { status: 'error', reason: 'not-found', message: await messageOf(res) };
  if (!res.ok) return { status: 'error', reason: 'server', message: await messageOf(res) };
  try {
    return { status: 'ok', session: (await res.json()) as BoardSession, token };
  } catch {
    return { status: 'error', reason: 'server', message: 'invalid response' };
  }
}

async function messageOf(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `${res.status} ${res.statusText}`;
}
