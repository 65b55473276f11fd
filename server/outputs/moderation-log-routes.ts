/**
 * `GET /api/boards/:boardId/moderation-log?format=csv|json&t=<moderator token>`: the board's
 * moderation log as a download. 401 without a valid token, 403 for any role but the moderator.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { can } from '../../src/lib/roles/index.js';
import type { AccessResolver } from '../events/resolver.js';
import { isModerationLogFormat, moderationLogCsv, moderationLogJson, moderationLogRows } from './exports/moderation-log.js';
import type { BoardRegistry } from '../sync/registry.js';
import { HttpError } from '../http/http-util.js';
import { attachment } from './routes.js';

export interface RouteModule {
  /** Handles the request when it is one of these routes; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

const PATH = /^\/api\/boards\/([A-Za-z0-9_-]{1,64})\/moderation-log$/;

export function createModerationRoutes(d: { access: AccessResolver; registry: BoardRegistry }): RouteModule {
  return {
    async handle(req, res, url) {
      const match = PATH.exec(url.pathname);
      if (!match) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'invalid-payload', 'Use GET');
      const boardId = match[1];
      const access = await d.access.forBoard(boardId, url.searchParams.get('t'));
      if (!access.ok) throw access.reason === 'not-found' ? new HttpError(404, 'not-found', 'Not found') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
      if (!can(access.access.role, 'moderate')) throw new HttpError(403, 'forbidden', 'Only the moderator may read the moderation log');
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
      return true;
    }
  };
}
