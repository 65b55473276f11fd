/**
 * Participation figures over HTTP:
 * - `GET /api/boards/:boardId/participation?t=<moderator>`: the figures and the public switch;
 * - `PUT` the same with `{ "public": boolean }`: the switch;
 * - `GET /api/outputs/:eventId/participation` (no token): the figures of the boards whose
 *   moderator made them public, once the event's outputs are published (410 before).
 */
import * as v from 'valibot';
import type { ParticipationState, PublicParticipation } from '../../../src/lib/protocol/participation.js';
import { requireBoard } from '../../events/access.js';
import type { EventStore } from '../../events/event-store.js';
import type { AccessResolver } from '../../events/resolver.js';
import { HttpError, parse, readJsonBody, sendJson } from '../../http/http-util.js';
import type { Route, RouteHandler } from '../../http/router.js';
import type { PublicationStore } from '../publication-store.js';
import type { ParticipationService } from './service.js';

const SwitchSchema = v.strictObject({ public: v.boolean() });

export interface ParticipationRoutesOptions {
  access: AccessResolver;
  events: EventStore;
  publication: PublicationStore;
  participation: ParticipationService;
  maxBodyBytes: number;
}

export function participationRoutes(d: ParticipationRoutesOptions): Route[] {
  const moderator = (boardId: string, url: URL) =>
    requireBoard(d.access, boardId, url, { capability: 'moderate', forbidden: 'Only the moderator may read the participation figures' });

  const state = async (boardId: string): Promise<ParticipationState> => ({
    figures: await d.participation.figures(boardId),
    public: await d.participation.isPublic(boardId)
  });

  const get: RouteHandler = async ({ res, url, params: { boardId } }) => {
    await moderator(boardId, url);
    sendJson(res, 200, await state(boardId));
  };

  const put: RouteHandler = async ({ req, res, url, params: { boardId } }) => {
    await moderator(boardId, url);
    const body = parse(SwitchSchema, await readJsonBody(req, d.maxBodyBytes));
    await d.participation.setPublic(boardId, body.public);
    sendJson(res, 200, await state(boardId));
  };

  const publicFigures: RouteHandler = async ({ res, params: { eventId } }) => {
    if (!(await d.events.getEvent(eventId))) throw new HttpError(404, 'not-found', 'No such event');
    if ((await d.publication.getOutputsPublished(eventId)) === null) throw new HttpError(410, 'not-found', 'The outputs of this event are not published');
    const body: PublicParticipation = { boards: [] };
    for (const b of await d.events.listBoards(eventId)) {
      if (await d.participation.isPublic(b.id)) body.boards.push({ board: { id: b.id, title: b.title }, figures: await d.participation.publicFigures(b.id) });
    }
    sendJson(res, 200, body);
  };

  return [
    { method: 'GET', path: '/api/boards/:boardId/participation', handler: get },
    { method: 'PUT', path: '/api/boards/:boardId/participation', handler: put },
    { method: 'GET', path: '/api/outputs/:eventId/participation', handler: publicFigures }
  ];
}
