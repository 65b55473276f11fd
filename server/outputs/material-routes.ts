/** Materials: the moderator uploads, renames, orders and deletes; readers of the outputs list and download. */
import { pipeline } from 'node:stream/promises';
import * as v from 'valibot';
import type { ErrorReason } from '../../src/lib/protocol/errors.js';
import { HttpError, parse, readJsonBody, sendJson } from '../http/http-util.js';
import type { Route, RouteHandler } from '../http/router.js';
import { startDownload } from './downloads.js';
import { MaterialError, materialInfo, type MaterialFailure } from './materials/service.js';
import type { OutputsContext } from './routes.js';

const MaterialPatchSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
  description: v.optional(v.pipe(v.string(), v.maxLength(500))),
  order: v.optional(v.pipe(v.number(), v.finite()))
});

const MATERIAL_FAILURE: Record<MaterialFailure, readonly [number, ErrorReason]> = {
  'too-large': [413, 'too-large'],
  'event-full': [413, 'too-large'],
  'unsupported-type': [415, 'unsupported-type'],
  'rate-limited': [429, 'rate-limited']
};

export function materialRoutes(d: OutputsContext): Route[] {
  const list: RouteHandler = async ({ res, url, params: { eventId } }) => {
    await d.readers.event(eventId, url);
    sendJson(res, 200, {
      materials: (await d.materials.list(eventId)).map(materialInfo),
      limits: { maxMaterialBytes: d.limits.maxMaterialBytes, maxEventMaterialBytes: d.limits.maxEventMaterialBytes }
    });
  };

  const upload: RouteHandler = async ({ req, res, url, params: { eventId } }) => {
    await d.readers.moderator(eventId, url);
    const length = req.headers['content-length'];
    const declared = length === undefined || !/^\d+$/.test(length) ? null : Number(length);
    try {
      const m = await d.materials.upload({
        eventId,
        name: url.searchParams.get('name') ?? '',
        description: url.searchParams.get('description') ?? '',
        body: req,
        declaredBytes: declared,
        address: d.addressOf(req)
      });
      d.logger.info({ event: eventId, material: m.id, size: m.size, mime: m.mime }, 'material uploaded');
      sendJson(res, 201, materialInfo(m));
    } catch (err) {
      if (!(err instanceof MaterialError)) throw err;
      const [status, reason] = MATERIAL_FAILURE[err.failure];
      // Refused before the body was read: close rather than read up to 25 MB nobody wants.
      if (status === 429) res.setHeader('retry-after', Math.ceil(err.retryAfterMs / 1000)).setHeader('connection', 'close');
      throw new HttpError(status, reason, err.message);
    }
  };

  const patch: RouteHandler = async ({ req, res, url, params: { eventId, id } }) => {
    await d.readers.moderator(eventId, url);
    const change = parse(MaterialPatchSchema, await readJsonBody(req, d.limits.maxBodyBytes));
    const m = await d.materials.update(eventId, id, change);
    if (!m) throw new HttpError(404, 'not-found', 'No such material');
    sendJson(res, 200, materialInfo(m));
  };

  const remove: RouteHandler = async ({ res, url, params: { eventId, id } }) => {
    await d.readers.moderator(eventId, url);
    if (!(await d.materials.remove(eventId, id))) throw new HttpError(404, 'not-found', 'No such material');
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  };

  const download: RouteHandler = async ({ req, res, url, params: { eventId, id } }) => {
    const { reader } = await d.readers.event(eventId, url);
    const found = await d.materials.download(eventId, id);
    if (!found) throw new HttpError(404, 'not-found', 'No such material');
    startDownload(res, found.material.mime, found.material.name, reader, found.material.size);
    if (req.method === 'HEAD') return void (found.stream.destroy(), res.end());
    // pipeline: a client that goes away mid-download ends the read too (no stream left waiting for 'drain').
    await pipeline(found.stream, res);
  };

  return [
    { method: 'GET', path: '/api/events/:eventId/materials', handler: list },
    { method: 'POST', path: '/api/events/:eventId/materials', handler: upload },
    { method: 'PATCH', path: '/api/events/:eventId/materials/:id', handler: patch },
    { method: 'DELETE', path: '/api/events/:eventId/materials/:id', handler: remove },
    { method: 'GET', path: '/api/events/:eventId/materials/:id/download', handler: download }
  ];
}
