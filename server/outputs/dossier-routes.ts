/**
 * Dossiers per organization (issue 21): one organization's dossier as PDF or Markdown, or every
 * dossier of a board in one zip. Same readers as the exports (the moderator always, anyone once
 * the outputs are published), always built from the public content, rendered in the heavy-work
 * worker; PDFs and zips take an export slot.
 */
import { HttpError } from '../http/http-util.js';
import type { Route, RouteHandler } from '../http/router.js';
import { heavyWork, langOf, startDownload } from './downloads.js';
import { CONTENT_TYPE, slug } from './exports/context.js';
import { dossierFileName, isDossierFormat, type DossierFormat } from './exports/dossier-files.js';
import { loadExportInput } from './exports/source.js';
import { closedSignal } from './export-slots.js';
import type { OutputsContext } from './routes.js';

export function dossierRoutes(d: OutputsContext): Route[] {
  const one: RouteHandler = async ({ res, url, params: { boardId, orgId, format } }) => {
    if (!isDossierFormat(format)) throw new HttpError(404, 'not-found', 'Unknown format');
    const { event, board, reader } = await d.readers.board(boardId, url);
    const input = await loadExportInput(d, event, board, { full: false, lang: langOf(url) });
    const org = input.content.orgs.find((o) => o.id === orgId);
    if (!org) throw new HttpError(404, 'not-found', 'No such organization on this board');
    const signal = format === 'pdf' ? d.slots.acquire(res).signal : closedSignal(res);
    const start = (): void => startDownload(res, CONTENT_TYPE[format], dossierFileName(org.name, format), reader);
    await send(d, res, start, { kind: 'dossier', format, input, orgId }, signal);
  };

  const all: RouteHandler = async ({ res, url, params: { boardId } }) => {
    const format: DossierFormat = url.searchParams.get('format') === 'md' ? 'md' : 'pdf';
    const { event, board, reader } = await d.readers.board(boardId, url);
    const input = await loadExportInput(d, event, board, { full: false, lang: langOf(url) });
    const { signal } = d.slots.acquire(res);
    const start = (): void => startDownload(res, CONTENT_TYPE.zip, `dossiers-${slug(board.title)}.zip`, reader);
    await send(d, res, start, { kind: 'dossier', format, input, orgId: null }, signal);
  };

  return [
    { method: 'GET', path: '/api/boards/:boardId/dossiers/:orgId.:format', handler: one, params: { format: '[a-z]+' } },
    { method: 'GET', path: '/api/boards/:boardId/dossiers.zip', handler: all }
  ];
}

/** Runs the job in the worker; the headers go out with the first bytes, so a full queue can still answer 503. */
async function send(
  d: OutputsContext,
  res: Parameters<RouteHandler>[0]['res'],
  start: () => void,
  job: { kind: 'dossier'; format: DossierFormat; input: Awaited<ReturnType<typeof loadExportInput>>; orgId: string | null },
  signal: AbortSignal
): Promise<void> {
  const onChunk = (chunk: Uint8Array): void => {
    if (!res.headersSent) start();
    res.write(chunk);
  };
  await heavyWork(res, () => d.heavy.run(job, { signal, key: job.input.event.id, onChunk }));
  if (!res.headersSent) start();
  res.end();
}
