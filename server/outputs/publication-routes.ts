/**
 * Publishing an event's outputs: the moderator's switch, the public data (every board's final
 * public content and the materials, no token), and the guard of the public page.
 */
import * as v from 'valibot';
import { eventInfo } from '../events/service.js';
import type { BoardRecord } from '../events/event-store.js';
import { HttpError, parse, readJsonBody, sendHtml, sendJson } from '../http/http-util.js';
import { refusalPage } from '../http/pages.js';
import type { Route, RouteHandler } from '../http/router.js';
import { loadExportInput } from './exports/source.js';
import { materialInfo } from './materials/service.js';
import type { OutputsContext } from './routes.js';

const PublishSchema = v.strictObject({ published: v.boolean() });

const boardInfoPublic = (b: BoardRecord) => ({ id: b.id, kind: b.kind, title: b.title });

export function publicationRoutes(d: OutputsContext): Route[] {
  const state: RouteHandler = async ({ res, url, params: { eventId } }) => {
    await d.readers.moderator(eventId, url);
    sendJson(res, 200, { publishedAt: await d.publication.getOutputsPublished(eventId), path: `/outputs/${eventId}` });
  };

  const setState: RouteHandler = async ({ req, res, url, params: { eventId } }) => {
    await d.readers.moderator(eventId, url);
    const { published } = parse(PublishSchema, await readJsonBody(req, d.limits.maxBodyBytes));
    const current = await d.publication.getOutputsPublished(eventId);
    const at = published ? (current ?? Date.now()) : null;
    await d.publication.setOutputsPublished(eventId, at);
    d.logger.info({ event: eventId, published }, 'outputs publication changed');
    sendJson(res, 200, { publishedAt: at, path: `/outputs/${eventId}` });
  };

  const publicOutputs: RouteHandler = async ({ res, params: { eventId } }) => {
    const event = await d.events.getEvent(eventId);
    if (!event) throw new HttpError(404, 'not-found', 'No such event');
    const publishedAt = await d.publication.getOutputsPublished(eventId);
    if (publishedAt === null) throw new HttpError(410, 'not-found', 'The outputs of this event are not published');
    const boards = await d.events.listBoards(eventId);
    const contents = [];
    for (const b of boards) {
      const input = await loadExportInput(d, event, b, { full: false, lang: 'cs' });
      contents.push({ board: boardInfoPublic(b), content: input.content });
    }
    sendJson(res, 200, { event: eventInfo(event), publishedAt, boards: contents, materials: (await d.materials.list(eventId)).map(materialInfo) });
  };

  /** /outputs/<eventId>: the app's page when published, a clear 404/410 page otherwise. */
  const page: RouteHandler = async ({ req, res, params: { eventId } }) => {
    const event = await d.events.getEvent(eventId);
    const kind = !event ? 'missing' : (await d.publication.getOutputsPublished(eventId)) === null ? 'unpublished' : null;
    if (kind === null) return 'app';
    const refused = refusalPage(kind);
    sendHtml(res, refused.status, req.method === 'HEAD' ? '' : refused.html);
  };

  return [
    { method: 'GET', path: '/api/events/:eventId/outputs', handler: state },
    { method: 'PUT', path: '/api/events/:eventId/outputs', handler: setState },
    { method: 'GET', path: '/api/outputs/:eventId', handler: publicOutputs },
    { method: 'GET', path: '/outputs/:eventId', handler: page },
    { method: 'GET', path: '/outputs/:eventId/', handler: page }
  ];
}
