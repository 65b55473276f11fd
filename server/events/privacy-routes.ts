/**
 * The moderator's privacy routes (docs/privacy.md §6–7):
 *   PUT    /api/events/:eventId/privacy?t=<moderator>  `{ contact?, retentionUntil?: "YYYY-MM-DD" }`
 *          → 200 EventInfo: the organiser's contact shown in the privacy notice, and the last day
 *          the event is kept (today at the earliest, ten years ahead at most);
 *   DELETE /api/events/:eventId?t=<moderator>          `{ confirm: <the event's title> }`
 *          → 200 `{ deleted: true }` once everything of the event is erased.
 * 401 without a valid token, 403 for any role but the moderator, 404 for an unknown (or already
 * erased) event, 400 for a bad body or a confirmation that does not match the title.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DeleteEvent, EventPrivacy } from '../../src/lib/protocol/schemas.js';
import { can } from '../../src/lib/roles/index.js';
import type { AccessResolver } from './resolver.js';
import type { Limits } from '../app/limits.js';
import { eventInfo } from './service.js';
import type { EventPrivacyPatch, EventRecord, EventStore } from './event-store.js';
import { endOfDay, MAX_RETENTION_MS } from './retention/policy.js';
import { HttpError, parse, readJsonBody, sendJson } from '../http/http-util.js';
import type { Route } from '../http/router.js';

export interface PrivacyRoutesOptions {
  access: AccessResolver;
  events: EventStore;
  limits: Limits;
  /** Erases the event (server/events/retention/purge.ts). */
  purge(eventId: string): Promise<boolean>;
  now?: () => number;
}

/** Titles compare as people type them: spaces and case do not matter. */
const sameTitle = (a: string, b: string): boolean => a.trim().replace(/\s+/g, ' ').toLocaleLowerCase() === b.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

export function privacyRoutes(d: PrivacyRoutesOptions): Route[] {
  const now = d.now ?? Date.now;
  async function moderatorOf(eventId: string, url: URL): Promise<EventRecord> {
    const access = await d.access.forEvent(eventId, url.searchParams.get('t'));
    if (!access.ok) throw access.reason === 'not-found' ? new HttpError(404, 'not-found', 'Not found') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
    if (!can(access.role, 'event:manage')) throw new HttpError(403, 'forbidden', 'Only the moderator may do this');
    return access.event;
  }

  async function setPrivacy(req: IncomingMessage, res: ServerResponse, url: URL, eventId: string): Promise<void> {
    await moderatorOf(eventId, url);
    const input = parse(EventPrivacy, await readJsonBody(req, d.limits.maxBodyBytes));
    const patch: EventPrivacyPatch = {};
    if (input.contact !== undefined) patch.privacyContact = input.contact;
    if (input.retentionUntil !== undefined) {
      const until = endOfDay(input.retentionUntil);
      if (until === null) throw new HttpError(400, 'invalid-payload', 'retentionUntil is not a day');
      // Erasing at once is the delete button's job, with its confirmation; a typo here must not do it.
      if (until <= now()) throw new HttpError(400, 'invalid-payload', 'retentionUntil is in the past; to erase the event now, delete it');
      if (until > now() + MAX_RETENTION_MS) throw new HttpError(400, 'invalid-payload', 'retentionUntil is more than ten years ahead');
      patch.retentionUntil = until;
    }
    const updated = await d.events.setPrivacy(eventId, patch);
    if (!updated) throw new HttpError(404, 'not-found', 'Not found');
    sendJson(res, 200, eventInfo(updated));
  }

  async function deleteEvent(req: IncomingMessage, res: ServerResponse, url: URL, eventId: string): Promise<void> {
    const event = await moderatorOf(eventId, url);
    const { confirm } = parse(DeleteEvent, await readJsonBody(req, d.limits.maxBodyBytes));
    if (!sameTitle(confirm, event.title)) throw new HttpError(400, 'invalid-payload', "The confirmation does not match the event's title");
    if (!(await d.purge(eventId))) throw new HttpError(404, 'not-found', 'Not found');
    sendJson(res, 200, { deleted: true });
  }

  return [
    { method: 'PUT', path: '/api/events/:eventId/privacy', handler: ({ req, res, url, params }) => setPrivacy(req, res, url, params.eventId) },
    { method: 'DELETE', path: '/api/events/:eventId', handler: ({ req, res, url, params }) => deleteEvent(req, res, url, params.eventId) }
  ];
}
