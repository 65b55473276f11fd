/**
 * Exports and the JSON import: one board in any format, an event as a zip, a board imported from
 * an export. PDF reports and zips hold the server for seconds on a big board: a few at a time
 * per instance, each slot freed when its response closes (export-slots.ts).
 */
import { limitReached } from '../events/routes.js';
import { boardInfo } from '../events/service.js';
import { HttpError, readBodyBytes, sendJson } from '../http/http-util.js';
import type { Route, RouteHandler } from '../http/router.js';
import { fullDocName, publicDocName } from '../sync/origins.js';
import { downloadWriter, heavyWork, langOf, startDownload } from './downloads.js';
import { CONTENT_TYPE, isExportFormat, slug, type ExportInput } from './exports/context.js';
import { loadExportInput } from './exports/source.js';
import { isReportFormat, writeExport, type ReportRenderer } from './exports/write.js';
import { writeBundle } from './exports/zip.js';
import { closedSignal } from './export-slots.js';
import type { OutputsContext } from './routes.js';

export function exportRoutes(d: OutputsContext): Route[] {
  const { slots } = d;

  /**
   * The report renderer of one download: the worker builds the PDF, Markdown or CSV (each is
   * built from the whole board at once: hundreds of ms to seconds on a big one), this thread
   * only copies bytes into `out`.
   */
  const inWorker =
    (signal: AbortSignal, admitted: boolean): ReportRenderer =>
    (format, input, out) =>
      d.heavy.run({ kind: 'render', format, input }, { signal, admitted, key: input.event.id, onChunk: (chunk) => void out.write(chunk) }).then(() => undefined);

  const exportBoard: RouteHandler = async ({ res, url, params: { boardId, format } }) => {
    if (!isExportFormat(format)) throw new HttpError(404, 'not-found', 'Unknown format');
    const { event, board, reader } = await d.readers.board(boardId, url);
    // PDF reports hold the server longest: they take an export slot too.
    const signal = format === 'pdf' ? slots.acquire(res).signal : closedSignal(res);
    const input = await loadExportInput(d, event, board, { full: reader === 'moderator', lang: langOf(url) });
    const start = (): void => startDownload(res, CONTENT_TYPE[format], `${slug(board.title)}.${format}`, reader);
    if (!isReportFormat(format)) {
      start();
      await writeExport(format, input, res);
      return void res.end();
    }
    // The headers go out with the first bytes, so a full queue can still answer 503.
    await heavyWork(res, () => inWorker(signal, false)(format, input, downloadWriter(res, start)));
    if (!res.headersSent) start();
    res.end();
  };

  const exportEvent: RouteHandler = async ({ res, url, params: { eventId } }) => {
    const { event, reader } = await d.readers.event(eventId, url);
    const slot = slots.acquire(res);
    const boards = await d.events.listBoards(eventId);
    const inputs: ExportInput[] = [];
    for (const b of boards) inputs.push(await loadExportInput(d, event, b, { full: reader === 'moderator', lang: langOf(url) }));
    const materials = await d.materials.list(eventId);
    startDownload(res, CONTENT_TYPE.zip, `${slug(event.title, 'event')}.zip`, reader);
    // Admitted: its reports wait for the worker even when the queue is full (the slots bound them).
    await heavyWork(res, () => writeBundle({ boards: inputs, materials, openMaterial: (m) => d.materials.open(m) }, res, inWorker(slot.signal, true)));
  };

  const importBoard: RouteHandler = async ({ req, res, url, params: { eventId } }) => {
    const event = await d.readers.moderator(eventId, url);
    const body = await readBodyBytes(req, d.limits.maxImportBytes, () => new HttpError(413, 'too-large', `Body exceeds ${d.limits.maxImportBytes} bytes (LIMIT_MAX_IMPORT_BYTES)`));
    const caps = { maxImportCards: d.limits.maxImportCards, maxImportVotes: d.limits.maxImportVotes, maxImportPolls: d.limits.maxImportPolls };
    const built = await heavyWork(res, () => d.heavy.run({ kind: 'import', body, caps }, { signal: closedSignal(res), key: event.id }));
    if (!built.ok) throw new HttpError(built.status, built.reason, built.message);
    await d.storage.check(built.update.byteLength + built.publicUpdate.byteLength);
    // Both documents are stored before the board exists; the first load then finds the public
    // projection already built (and reconciles it anyway).
    const board = await d.service
      .addBoard(event, built.title, {
        async write(boardId) {
          // Each append may be one synchronous write of megabytes (SQLite): the loop turns in between.
          await d.docs.append(fullDocName(boardId), built.update);
          await new Promise((resolve) => setImmediate(resolve));
          await d.docs.append(publicDocName(boardId), built.publicUpdate);
        },
        async discard(boardId) {
          for (const name of [fullDocName(boardId), publicDocName(boardId)]) await d.docs.delete(name).catch(() => undefined);
        }
      })
      .catch((err: unknown) => {
        throw limitReached(err);
      });
    d.logger.info({ event: eventId, board: board.id, cards: built.cards, bytes: body.byteLength }, 'board imported');
    sendJson(res, 201, boardInfo(board));
  };

  return [
    { method: 'GET', path: '/api/boards/:boardId/export.:format', handler: exportBoard, params: { format: '[a-z]+' } },
    { method: 'GET', path: '/api/events/:eventId/export.zip', handler: exportEvent },
    { method: 'POST', path: '/api/events/:eventId/import', handler: importBoard }
  ];
}
