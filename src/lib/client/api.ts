/** Plain HTTP calls of the event API (create event, add workshop board). */
import type { BoardInfo, CreateEventResponse, RotateTokenResult } from '$lib/protocol/api.js';
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

export const createEvent = (input: CreateEventInput): Promise<ApiResult<CreateEventResponse>> =>
  postJson('/api/events', input);

/** Replaces a role's link for the whole event; the old token stops working at once. */
export const rotateRoleLink = (eventId: string, moderatorToken: string, role: Role): Promise<ApiResult<RotateTokenResult>> =>
  postJson(`/api/events/${encodeURIComponent(eventId)}/tokens/${role}/rotate?t=${encodeURIComponent(moderatorToken)}`, {});

export const addWorkshopBoard = (eventId: string, moderatorToken: string, title: string): Promise<ApiResult<BoardInfo>> =>
  postJson(`/api/events/${encodeURIComponent(eventId)}/boards?t=${encodeURIComponent(moderatorToken)}`, { title });
