/**
 * "My events on this device": the moderator links of the events created (or moderated) in this
 * browser, so that going back after creating an event never loses the only copy of the link.
 * Pure rules here; my-events.svelte.ts keeps them in localStorage as reactive state.
 *
 *   E1 an event is listed once (by id), the most recently remembered first;
 *   E2 remembering it again replaces its entry (a replaced moderator link, a new title);
 *   E3 at most MAX_MY_EVENTS are kept, the oldest dropped;
 *   E4 whatever the storage holds, only well-formed entries with an http(s) moderator link survive.
 */

export interface MyEvent {
  eventId: string;
  title: string;
  /** YYYY-MM-DD, as the event was created with. */
  date: string;
  place: string;
  /** The main board's moderator link: the private credential this list exists for. */
  moderatorLink: string;
  /** Epoch ms when this device last remembered it. */
  savedAt: number;
}

export const MAX_MY_EVENTS = 20;
export const MY_EVENTS_KEY = 'panel-board:my-events';

export interface MyEventsStorage {
  load(): unknown;
  save(events: readonly MyEvent[]): void;
}

const MAX_TEXT = 200;
const MAX_LINK = 2_000;

const text = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;

function isLink(v: unknown): v is string {
  if (!text(v, MAX_LINK)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** One stored entry, or null when it is not a well-formed one (E4). */
export function readMyEvent(v: unknown): MyEvent | null {
  if (typeof v !== 'object' || v === null) return null;
  const e = v as Record<string, unknown>;
  if (!text(e.eventId) || e.eventId === '' || !text(e.title) || !text(e.date) || !text(e.place) || !isLink(e.moderatorLink)) return null;
  if (typeof e.savedAt !== 'number' || !Number.isFinite(e.savedAt)) return null;
  return { eventId: e.eventId, title: e.title, date: e.date, place: e.place, moderatorLink: e.moderatorLink, savedAt: e.savedAt };
}

/** The list as stored, cleaned: well-formed entries, each id once, newest first, at most MAX_MY_EVENTS. */
export function readMyEvents(raw: unknown): MyEvent[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const events: MyEvent[] = [];
  for (const item of raw.slice(0, MAX_MY_EVENTS * 2)) {
    const event = readMyEvent(item);
    if (!event || seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    events.push(event);
  }
  return events.sort((a, b) => b.savedAt - a.savedAt).slice(0, MAX_MY_EVENTS);
}

/** E1–E3: `event` first, its older entry gone, the list cut to MAX_MY_EVENTS. */
export function remember(list: readonly MyEvent[], event: MyEvent): MyEvent[] {
  return [event, ...list.filter((e) => e.eventId !== event.eventId)].slice(0, MAX_MY_EVENTS);
}

export function forget(list: readonly MyEvent[], eventId: string): MyEvent[] {
  return list.filter((e) => e.eventId !== eventId);
}
