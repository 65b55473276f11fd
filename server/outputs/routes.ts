/**
 * HTTP routes of the conference outputs: exports (per board, per event as a zip), JSON import,
 * materials, publishing, the public outputs data and page guard, and session replay/restore.
 * Thin: each route checks access, then calls the exports, materials or history modules.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { pipeline } from 'node:stream/promises';
import * as v from 'valibot';
import { newId } from '../../src/lib/board/ids.js';
import { isLocale, type Locale } from '../../src/lib/i18n/types.js';
import type { ErrorReason } from '../../src/lib/protocol/errors.js';
import { can } from '../../src/lib/roles/index.js';
import type { AccessResolver } from '../events/resolver.js';
import type { Limits } from '../app/config.js';
import { boardInfo, eventInfo } from '../events/service.js';
import { CONTENT_TYPE, isExportFormat, slug } from './exports/context.js';
import type { ExportInput } from './exports/context.js';
import { loadExportInput } from './exports/source.js';
import { isReportFormat, writeExport, type ReportRenderer } from './exports/write.js';
import { writeBundle } from './exports/zip.js';
import { HeavyBusyError, HeavyJobError, type HeavyPool } from './heavy/pool.js';
import type { HistoryService } from './history/service.js';
import type { DocStore } from '../sync/doc-store.js';
import { fullDocName, publicDocName } from '../sync/origins.js';
import { MaterialError, materialInfo, type MaterialFailure, type MaterialService } from './materials/service.js';
import { BoardLimitError, newJoinCode, type BoardRecord, type EventRecord, type EventStore } from '../events/event-store.js';
import type { StorageBudget } from '../limits/storage-budget.js';
import type { BoardRegistry } from '../sync/registry.js';
import type { AddressOf } from '../limits/connection-limits.js';
import { closedSignal, createExportSlots } from './export-slots.js';
import { HttpError, readBodyBytes, readJsonBody, sendHtml, sendJson } from '../http/http-util.js';
import { outputsRefusalPage } from './pages.js';

export interface OutputsRoutesOptions {
  events: EventStore;
  access: AccessResolver;
  registry: BoardRegistry;
  materials: MaterialService;
  history: HistoryService;
  /** The heavy-work worker: import building, replay decoding and PDF rendering run there. */
  heavy: HeavyPool;
  /** An imported board's first state goes straight into the store (no room, no decoding here). */
  docs: DocStore;
  limits: Limits;
  logger: Logger;
  /** The client address of a request (TRUST_PROXY): uploads are limited per address. */
  addressOf: AddressOf;
  /** The storage budget: an import is refused (507) before it would pass it. */
  storage: StorageBudget;
}

export interface OutputsRoutes {
  /** Handles the request when it is one of these routes; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

type Reader = 'moderator' | 'public';
interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
}
type Handler = (c: Ctx) => Promise<void>;

const MaterialPatchSchema = v.strictObject({
  name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
  description: v.optional(v.pipe(v.string(), v.maxLength(500))),
  order: v.optional(v.pipe(v.number(), v.finite()))
});
const PublishSchema = v.strictObject({ published: v.boolean() });
const RestoreSchema = v.strictObject({ at: v.pipe(v.number(), v.integer()) });

function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new HttpError(400, 'invalid-payload', result.issues.map((i) => i.message).slice(0, 3).join('; '));
  return result.output;
}

const langOf = (url: URL): Locale => {
  const l = url.searchParams.get('lang');
  return isLocale(l) ? l : 'cs';
};

/** RFC 6266: an ASCII fallback plus the UTF-8 name. */
export function attachment(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function startDownload(res: ServerResponse, type: string, name: string, reader: Reader, length?: number): void {
  res.writeHead(200, {
    'content-type': type,
    'content-disposition': attachment(name),
    'cache-control': reader === 'moderator' ? 'no-store' : 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(length === undefined ? {} : { 'content-length': length })
  });
}

/** A Writable into `res` that sends the download's headers with its first byte. */
function downloadWriter(res: ServerResponse, start: () => void): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!res.headersSent) start();
      res.write(chunk);
      done();
    }
  });
}

export function createOutputsRoutes(d: OutputsRoutesOptions): OutputsRoutes {
  async function eventReader(eventId: string, token: string | null): Promise<{ event: EventRecord; reader: Reader }> {
    const event = await d.events.getEvent(eventId);
    if (!event) throw new HttpError(404, 'not-found', 'Not found');
    const access = token ? await d.access.forEvent(eventId, token) : null;
    if (access?.ok && can(access.role, 'event:manage')) return { event, reader: 'moderator' };
    if ((await d.events.getOutputsPublished(eventId)) !== null) return { event, reader: 'public' };
    throw access?.ok ? new HttpError(403, 'forbidden', 'The outputs are not published') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
  }
  async function boardReader(boardId: string, token: string | null): Promise<{ event: EventRecord; board: BoardRecord; reader: Reader }> {
    const board = await d.events.getBoard(boardId);
    if (!board) throw new HttpError(404, 'not-found', 'Not found');
    return { board, ...(await eventReader(board.eventId, token)) };
  }
  async function moderatorOf(eventId: string, url: URL): Promise<EventRecord> {
    const access = await d.access.forEvent(eventId, url.searchParams.get('t'));
    if (!access.ok) throw access.reason === 'not-found' ? new HttpError(404, 'not-found', 'Not found') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
    if (!can(access.role, 'event:manage')) throw new HttpError(403, 'forbidden', 'Only the moderator may do this');
    return access.event;
  }

  // PDF reports and zips hold the server for seconds on a big board: a few at a time per
  // instance, each slot freed when its response closes (export-slots.ts).
  const slots = createExportSlots({ max: d.limits.maxConcurrentExports, writeTimeoutMs: d.limits.exportWriteTimeoutMs });

  /** Runs heavy work for `res`, mapping a full queue to 503 + Retry-After and a failed job to a clear error. */
  async function heavyWork<T>(res: ServerResponse, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof HeavyBusyError) {
        if (!res.headersSent) res.setHeader('retry-after', String(err.retryAfterS));
        throw new HttpError(503, 'rate-limited', err.message);
      }
      if (err instanceof HeavyJobError) {
        if (err.failure === 'memory') throw new HttpError(413, 'too-large', err.message);
        if (!res.headersSent) res.setHeader('retry-after', '5');
        throw new HttpError(503, 'internal', err.message);
      }
      throw err;
    }
  }

  /**
   * The report renderer of one download: the worker builds the PDF, Markdown or CSV (each is
   * built from the whole board at once: hundreds of ms to seconds on a big one), this thread
   * only copies bytes into `out`.
   */
  const inWorker = (signal: AbortSignal, admitted: boolean): ReportRenderer => (format, input, out) =>
    d.heavy.run({ kind: 'render', format, input }, { signal, admitted, key: input.event.id, onChunk: (chunk) => void out.write(chunk) }).then(() => undefined);

  const exportBoardRoute: Handler = async ({ res, url, params: [boardId, format] }) => {
    if (!isExportFormat(format)) throw new HttpError(404, 'not-found', 'Unknown format');
    const { event, board, reader } = await boardReader(boardId, url.searchParams.get('t'));
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

  const exportEventRoute: Handler = async ({ res, url, params: [eventId] }) => {
    const { event, reader } = await eventReader(eventId, url.searchParams.get('t'));
    const slot = slots.acquire(res);
    const boards = await d.events.listBoards(eventId);
    const inputs: ExportInput[] = [];
    for (const b of boards) inputs.push(await loadExportInput(d, event, b, { full: reader === 'moderator', lang: langOf(url) }));
    const materials = await d.materials.list(eventId);
    startDownload(res, CONTENT_TYPE.zip, `${slug(event.title, 'event')}.zip`, reader);
    // Admitted: its reports wait for the worker even when the queue is full (the slots bound them).
    await heavyWork(res, () => writeBundle({ boards: inputs, materials, openMaterial: (m) => d.materials.open(m) }, res, inWorker(slot.signal, true)));
  };

  const importRoute: Handler = async ({ req, res, url, params: [eventId] }) => {
    const event = await moderatorOf(eventId, url);
    const body = await readBodyBytes(req, d.limits.maxImportBytes, () => new HttpError(413, 'too-large', `Body exceeds ${d.limits.maxImportBytes} bytes (LIMIT_MAX_IMPORT_BYTES)`));
    const caps = { maxImportCards: d.limits.maxImportCards, maxImportVotes: d.limits.maxImportVotes, maxImportPolls: d.limits.maxImportPolls };
    const built = await heavyWork(res, () => d.heavy.run({ kind: 'import', body, caps }, { signal: closedSignal(res), key: event.id }));
    if (!built.ok) throw new HttpError(built.status, built.reason, built.message);
    const record: BoardRecord = { id: newId(12), eventId: event.id, kind: 'workshop', title: built.title, joinCode: newJoinCode(), createdAt: Date.now() };
    // Both documents are stored before the board exists, so no room can load the id half-written;
    // the first load then finds the public projection already built (and reconciles it anyway).
    const docs = [fullDocName(record.id), publicDocName(record.id)];
    await d.storage.check(built.update.byteLength + built.publicUpdate.byteLength);
    try {
      // Each append may be one synchronous write of megabytes (SQLite): the loop turns in between.
      await d.docs.append(docs[0], built.update);
      await new Promise((resolve) => setImmediate(resolve));
      await d.docs.append(docs[1], built.publicUpdate);
      await d.events.addBoard(record, d.limits.maxBoardsPerEvent);
    } catch (err) {
      for (const name of docs) await d.docs.delete(name).catch(() => undefined);
      throw err instanceof BoardLimitError ? new HttpError(409, 'limit-reached', err.message) : err;
    }
    d.logger.info({ event: eventId, board: record.id, cards: built.cards, bytes: body.byteLength }, 'board imported');
    sendJson(res, 201, boardInfo(record));
  };

  const listMaterials: Handler = async ({ res, url, params: [eventId] }) => {
    await eventReader(eventId, url.searchParams.get('t'));
    sendJson(res, 200, { materials: (await d.materials.list(eventId)).map(materialInfo), limits: { maxMaterialBytes: d.limits.maxMaterialBytes, maxEventMaterialBytes: d.limits.maxEventMaterialBytes } });
  };

  const uploadMaterial: Handler = async ({ req, res, url, params: [eventId] }) => {
    await moderatorOf(eventId, url);
    const length = req.headers['content-length'];
    const declared = length === undefined || !/^\d+$/.test(length) ? null : Number(length);
    try {
      const m = await d.materials.upload({ eventId, name: url.searchParams.get('name') ?? '', description: url.searchParams.get('description') ?? '', body: req, declaredBytes: declared, address: d.addressOf(req) });
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

  const patchMaterial: Handler = async ({ req, res, url, params: [eventId, id] }) => {
    await moderatorOf(eventId, url);
    const patch = parse(MaterialPatchSchema, await readJsonBody(req, d.limits.maxBodyBytes));
    const m = await d.materials.update(eventId, id, patch);
    if (!m) throw new HttpError(404, 'not-found', 'No such material');
    sendJson(res, 200, materialInfo(m));
  };

  const deleteMaterial: Handler = async ({ res, url, params: [eventId, id] }) => {
    await moderatorOf(eventId, url);
    if (!(await d.materials.remove(eventId, id))) throw new HttpError(404, 'not-found', 'No such material');
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
  };

  const downloadMaterial: Handler = async ({ req, res, url, params: [eventId, id] }) => {
    const { reader } = await eventReader(eventId, url.searchParams.get('t'));
    const found = await d.materials.download(eventId, id);
    if (!found) throw new HttpError(404, 'not-found', 'No such material');
    startDownload(res, found.material.mime, found.material.name, reader, found.material.size);
    if (req.method === 'HEAD') return void (found.stream.destroy(), res.end());
    // pipeline: a client that goes away mid-download ends the read too (no stream left waiting for 'drain').
    await pipeline(found.stream, res);
  };

  const getOutputsState: Handler = async ({ res, url, params: [eventId] }) => {
    await moderatorOf(eventId, url);
    sendJson(res, 200, { publishedAt: await d.events.getOutputsPublished(eventId), path: `/outputs/${eventId}` });
  };

  const setOutputsState: Handler = async ({ req, res, url, params: [eventId] }) => {
    await moderatorOf(eventId, url);
    const { published } = parse(PublishSchema, await readJsonBody(req, d.limits.maxBodyBytes));
    const current = await d.events.getOutputsPublished(eventId);
    const at = published ? (current ?? Date.now()) : null;
    await d.events.setOutputsPublished(eventId, at);
    d.logger.info({ event: eventId, published }, 'outputs publication changed');
    sendJson(res, 200, { publishedAt: at, path: `/outputs/${eventId}` });
  };

  /** The public outputs: every board's final public content, the materials. No token. */
  const publicOutputs: Handler = async ({ res, params: [eventId] }) => {
    const event = await d.events.getEvent(eventId);
    if (!event) throw new HttpError(404, 'not-found', 'No such event');
    const publishedAt = await d.events.getOutputsPublished(eventId);
    if (publishedAt === null) throw new HttpError(410, 'not-found', 'The outputs of this event are not published');
    const boards = await d.events.listBoards(eventId);
    const contents = [];
    for (const b of boards) {
      const input = await loadExportInput(d, event, b, { full: false, lang: 'cs' });
      contents.push({ board: boardInfoPublic(b), content: input.content });
    }
    sendJson(res, 200, { event: eventInfo(event), publishedAt, boards: contents, materials: (await d.materials.list(eventId)).map(materialInfo) });
  };

  const historyTimes: Handler = async ({ res, url, params: [boardId] }) => {
    await boardReader(boardId, url.searchParams.get('t'));
    sendJson(res, 200, { times: await d.history.times(boardId) });
  };

  const historyAt: Handler = async ({ res, url, params: [boardId, at] }) => {
    const { event, reader } = await boardReader(boardId, url.searchParams.get('t'));
    const body = await heavyWork(res, () => d.history.replay(boardId, Number(at), reader === 'moderator', { signal: closedSignal(res), key: event.id }));
    if (body === null) throw new HttpError(404, 'not-found', 'No checkpoint at that time');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    res.end(body);
  };

  const restore: Handler = async ({ req, res, url, params: [boardId] }) => {
    const board = await d.events.getBoard(boardId);
    if (!board) throw new HttpError(404, 'not-found', 'Not found');
    await moderatorOf(board.eventId, url);
    const { at } = parse(RestoreSchema, await readJsonBody(req, d.limits.maxBodyBytes));
    const result = await heavyWork(res, () => d.history.restore(boardId, at, 'moderator'));
    if (!result) throw new HttpError(404, 'not-found', 'No checkpoint at that time');
    d.logger.info({ board: boardId, at, undoAt: result.undoAt }, 'board restored');
    sendJson(res, 200, result);
  };

  /** /outputs/<eventId>: the app page when published, a clear 404/410 page otherwise. */
  const outputsPage: Handler = async ({ req, res, params: [eventId] }) => {
    const event = await d.events.getEvent(eventId);
    const kind = !event ? 'missing' : (await d.events.getOutputsPublished(eventId)) === null ? 'unpublished' : null;
    if (kind === null) throw PASS;
    const page = outputsRefusalPage(kind);
    sendHtml(res, page.status, req.method === 'HEAD' ? '' : page.html);
  };

  const ID = '([A-Za-z0-9_-]{1,64})';
  const ROUTES: ReadonlyArray<readonly [string, RegExp, Handler]> = [
    ['GET', new RegExp(`^/api/boards/${ID}/export\\.([a-z]+)$`), exportBoardRoute],
    ['GET', new RegExp(`^/api/events/${ID}/export\\.zip$`), exportEventRoute],
    ['POST', new RegExp(`^/api/events/${ID}/import$`), importRoute],
    ['GET', new RegExp(`^/api/events/${ID}/materials$`), listMaterials],
    ['POST', new RegExp(`^/api/events/${ID}/materials$`), uploadMaterial],
    ['PATCH', new RegExp(`^/api/events/${ID}/materials/${ID}$`), patchMaterial],
    ['DELETE', new RegExp(`^/api/events/${ID}/materials/${ID}$`), deleteMaterial],
    ['GET', new RegExp(`^/api/events/${ID}/materials/${ID}/download$`), downloadMaterial],
    ['GET', new RegExp(`^/api/events/${ID}/outputs$`), getOutputsState],
    ['PUT', new RegExp(`^/api/events/${ID}/outputs$`), setOutputsState],
    ['GET', new RegExp(`^/api/outputs/${ID}$`), publicOutputs],
    ['GET', new RegExp(`^/api/boards/${ID}/history$`), historyTimes],
    ['GET', new RegExp(`^/api/boards/${ID}/history/(\\d{1,15})$`), historyAt],
    ['POST', new RegExp(`^/api/boards/${ID}/restore$`), restore],
    ['GET', new RegExp(`^/outputs/${ID}/?$`), outputsPage]
  ];

  return {
    async handle(req, res, url) {
      const method = req.method ?? 'GET';
      const matches = ROUTES.map(([m, pattern, handler]) => [m, pattern.exec(url.pathname), handler] as const).filter(([, match]) => match !== null);
      if (matches.length === 0) return false;
      const found = matches.find(([m]) => m === method || (m === 'GET' && method === 'HEAD'));
      if (!found) throw new HttpError(405, 'invalid-payload', `Use ${matches.map(([m]) => m).join(' or ')}`);
      try {
        await found[2]({ req, res, url, params: found[1]!.slice(1) });
      } catch (err) {
        if (err === PASS) return false;
        throw err;
      }
      return true;
    }
  };
}

const MATERIAL_FAILURE: Record<MaterialFailure, readonly [number, ErrorReason]> = {
  'too-large': [413, 'too-large'],
  'event-full': [413, 'too-large'],
  'unsupported-type': [415, 'unsupported-type'],
  'rate-limited': [429, 'rate-limited']
};

/** Thrown by a page guard that lets the request through to the app. */
const PASS = Symbol('pass');

const boardInfoPublic = (b: BoardRecord) => ({ id: b.id, kind: b.kind, title: b.title });
