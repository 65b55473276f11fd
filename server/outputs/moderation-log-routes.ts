/**
 * `GET /api/boards/:boardId/moderation-log?format=csv|json&t=<moderator token>`: the board's
 * moderation log as a download. 401 without a valid token, 403 for any role but the moderator.
 */
import { requireBoard } from '../events/access.js';
import type { AccessResolver } from '../events/resolver.js';
import { attachment, HttpError } from '../http/http-util.js';
import type { Route } from '../http/router.js';
import type { BoardRegistry } from '../sync/registry.js';
import { isModerationLogFormat, moderationLogCsv, moderationLogJson, moderationLogRows } from './exports/moderation-log.js';

export function moderationLogRoutes(d: { access: AccessResolver; registry: BoardRegistry }): Route[] {
  const download: Route['handler'] = async ({ req, res, url, params: { boardId } }) => {
    await requireBoard(d.access, boardId, url, { capability: 'moderate', forbidden: 'Only the moderator may read the moderation log' });
    const format = url.searchParams.get('format') ?? 'csv';
    if (!isModerationLogFormat(format)) throw new HttpError(400, 'invalid-payload', 'format must be csv or json');
    const rows = await d.registry.withBoard(boardId, (board) => moderationLogRows(board.queue.doc));
    const body = format === 'csv' ? [...moderationLogCsv(rows)].join('') : moderationLogJson(boardId, rows, Date.now());
    res.writeHead(200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': attachment(`moderation-log-${boardId}.${format}`),
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store'
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  return [{ method: 'GET', path: '/api/boards/:boardId/moderation-log', handler: download }];
}
