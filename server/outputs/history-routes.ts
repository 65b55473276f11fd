/** Session replay and restore: the checkpoint times, one checkpoint's content, and the moderator's restore. */
import * as v from 'valibot';
import { HttpError, parse, readJsonBody, sendJson } from '../http/http-util.js';
import type { Route, RouteHandler } from '../http/router.js';
import { heavyWork } from './downloads.js';
import { closedSignal } from './export-slots.js';
import type { OutputsContext } from './routes.js';

const RestoreSchema = v.strictObject({ at: v.pipe(v.number(), v.integer()) });

export function historyRoutes(d: OutputsContext): Route[] {
  const times: RouteHandler = async ({ res, url, params: { boardId } }) => {
    await d.readers.board(boardId, url);
    sendJson(res, 200, { times: await d.history.times(boardId) });
  };

  const at: RouteHandler = async ({ res, url, params: { boardId, at } }) => {
    const { event, reader } = await d.readers.board(boardId, url);
    const body = await heavyWork(res, () => d.history.replay(boardId, Number(at), reader === 'moderator', { signal: closedSignal(res), key: event.id }));
    if (body === null) throw new HttpError(404, 'not-found', 'No checkpoint at that time');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  };

  const restore: RouteHandler = async ({ req, res, url, params: { boardId } }) => {
    const board = await d.events.getBoard(boardId);
    if (!board) throw new HttpError(404, 'not-found', 'Not found');
    await d.readers.moderator(board.eventId, url);
    const { at } = parse(RestoreSchema, await readJsonBody(req, d.limits.maxBodyBytes));
    const result = await heavyWork(res, () => d.history.restore(boardId, at, 'moderator'));
    if (!result) throw new HttpError(404, 'not-found', 'No checkpoint at that time');
    d.logger.info({ board: boardId, at, undoAt: result.undoAt }, 'board restored');
    sendJson(res, 200, result);
  };

  return [
    { method: 'GET', path: '/api/boards/:boardId/history', handler: times },
    { method: 'GET', path: '/api/boards/:boardId/history/:at', handler: at, params: { at: '\\d{1,15}' } },
    { method: 'POST', path: '/api/boards/:boardId/restore', handler: restore }
  ];
}
