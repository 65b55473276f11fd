/**
 * The plain-node HTTP adapter: the JSON API, health, the token guard in front of board pages,
 * and everything else handed to the SvelteKit app handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import * as v from 'valibot';
import { isId } from '../../src/lib/board/ids.js';
import { ROLE_PATH, type BoardSession, type EventSession, type Health, type RotateTokenResult } from '../../src/lib/protocol/api.js';
import { AddBoard, CreateEvent } from '../../src/lib/protocol/schemas.js';
import { can, ROLES, type Role } from '../../src/lib/roles/index.js';
import type { JoinTickets } from '../events/join-tickets.js';
import type { AccessResolver } from '../events/resolver.js';
import type { Limits } from '../app/config.js';
import { boardInfo, eventInfo, type EventService } from '../events/service.js';
import type { EventStore } from '../events/event-store.js';
import { HttpError, readJsonBody, sendError, sendHtml, sendJson } from './http-util.js';
import { addressKey } from '../limits/address.js';
import { InsufficientStorageError, type StorageBudget } from '../limits/storage-budget.js';
import { BoardLimitError } from '../events/event-store.js';
import { peerAddress, type AddressOf } from '../limits/connection-limits.js';
import type { RouteModule } from '../outputs/moderation-log-routes.js';
import type { OutputsRoutes } from '../outputs/routes.js';
import { canonicalUrl } from './page-path.js';
import { refusalPage } from './pages.js';
import { createMemoryRateLimiters, type RateLimiter, type RateLimiters } from '../limits/rate-limiter.js';
import { createRequestGuard } from './request-guard.js';
import { APP_FALLBACK_CSP, setSecurityHeaders } from './security.js';

export type AppHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface HttpHandlerOptions {
  events: EventStore;
  service: EventService;
  access: AccessResolver;
  limits: Limits;
  logger: Logger;
  /** Join tickets for the projector's QR code (server/events/join-tickets.ts). */
  tickets: JoinTickets;
  /** The client address of a request (TRUST_PROXY); defaults to the peer address. */
  addressOf?: AddressOf;
  /** The DATA_DIR budget, checked before an event or a board is created; absent = none. */
  storage?: StorageBudget;
  publicUrl: () => string;
  health: () => Promise<Health>;
  /** The SvelteKit handler (adapter-node build, or Vite's middlewares in dev). */
  app: AppHandler | null;
  /** Exports, materials, publishing, replay (transport/outputs-routes.ts). */
  outputs?: OutputsRoutes;
  /** The moderation log export (transport/moderation-routes.ts). */
  moderation?: RouteModule;
  /** Device identities and join codes (transport/identity-routes.ts). */
  identity?: RouteModule;
  /** Named rate limits (Redis in scale-out); defaults to this handler's own memory (then no daily event count). */
  limiters?: RateLimiters;
  /** Counts refusals by reason. */
  metrics?: { rejected(reason: string): void };
  /** Serves GET /metrics on this port (token checked there); absent = 404 (server/observability/metrics-endpoint.ts). */
  metricsEndpoint?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

type Route = (d: HttpHandlerOptions, req: IncomingMessage, res: ServerResponse, url: URL, params: string[]) => Promise<void>;

const PAGE_ROLE = new Map<string, Role>(ROLES.map((role) => [ROLE_PATH[role], role]));

/** One event-creation limiter per handler, made on first use; in Redis it holds across instances. */
const creationLimiters = new WeakMap<HttpHandlerOptions, RateLimiter>();
function eventCreation(d: HttpHandlerOptions): RateLimiter {
  let limiter = creationLimiters.get(d);
  const n = d.limits.eventsPerMinutePerIp;
  if (!limiter) creationLimiters.set(d, (limiter = (d.limiters ?? createMemoryRateLimiters()).limiter('event-create', { capacity: n, perSecond: n / 60 })));
  return limiter;
}

/** Events per address per day: a bucket of that many, refilled over 24 hours (held in Redis in scale-out). */
const dailyLimiters = new WeakMap<HttpHandlerOptions, RateLimiter>();
function dailyEvents(d: HttpHandlerOptions): RateLimiter | null {
  if (!d.limiters) return null;
  let limiter = dailyLimiters.get(d);
  const n = d.limits.eventsPerDayPerAddress;
  if (!limiter) dailyLimiters.set(d, (limiter = d.limiters.limiter('events-per-address-day', { capacity: n, perSecond: n / 86_400 })));
  return limiter;
}

/** A new event or board writes a few KB to the store; refuse before the disk is full, not after. */
const SMALL_WRITE_BYTES = 64 * 1024;

function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw new HttpError(400, 'invalid-payload', result.issues.map((i) => i.message).slice(0, 3).join('; '));
  return result.output;
}

function accessError(reason: 'not-found' | 'unauthorized'): HttpError {
  return reason === 'not-found' ? new HttpError(404, 'not-found', 'Not found') : new HttpError(401, 'unauthorized', 'Invalid or missing token');
}

const createEvent: Route = async (d, req, res) => {
  if (!(await eventCreation(d).take(addressKey((d.addressOf ?? peerAddress)(req)))).ok) {
    d.metrics?.rejected('event-creation-rate');
    throw new HttpError(429, 'rate-limited', `Too many events created from this address; at most ${d.limits.eventsPerMinutePerIp} per minute`);
  }
  const input = parse(CreateEvent, await readJsonBody(req, d.limits.maxBodyBytes));
  await d.storage?.check(SMALL_WRITE_BYTES * (1 + input.workshops.length));
  const daily = dailyEvents(d);
  const key = addressKey((d.addressOf ?? peerAddress)(req));
  const verdict = await daily?.take(key);
  if (verdict && !verdict.ok) {
    d.metrics?.rejected('event-creation-daily');
    res.setHeader('retry-after', Math.ceil(verdict.retryAfterMs / 1000));
    throw new HttpError(429, 'rate-limited', `Too many events created from this address; at most ${d.limits.eventsPerDayPerAddress} a day`);
  }
  const { event, boards, tokens } = await d.service.createEvent(input).catch(async (err: unknown) => {
    await daily?.refund(key);
    throw err instanceof BoardLimitError ? new HttpError(409, 'limit-reached', err.message) : err;
  });
  d.logger.info({ event: event.id, boards: boards.length }, 'event created');
  sendJson(res, 201, { eventId: event.id, boards: boards.map(boardInfo), links: d.service.links(tokens, boards, d.publicUrl()) });
};

const getEvent: Route = async (d, _req, res, url, [eventId]) => {
  const result = await d.access.forEvent(eventId, url.searchParams.get('t'));
  if (!result.ok) throw accessError(result.reason);
  const boards = await d.events.listBoards(eventId);
  const links = can(result.role, 'event:manage') && result.tokens ? d.service.links(result.tokens, boards, d.publicUrl()) : null;
  const body: EventSession = { role: result.role, event: eventInfo(result.event), boards: boards.map(boardInfo), links, publicUrl: d.publicUrl() };
  sendJson(res, 200, body);
};

const addBoard: Route = async (d, req, res, url, [eventId]) => {
  const result = await d.access.forEvent(eventId, url.searchParams.get('t'));
  if (!result.ok) throw accessError(result.reason);
  if (!can(result.role, 'event:manage')) throw new HttpError(403, 'forbidden', 'Only the moderator may add boards');
  const input = parse(AddBoard, await readJsonBody(req, d.limits.maxBodyBytes));
  await d.storage?.check(SMALL_WRITE_BYTES);
  const board = await d.service.addBoard(result.event, input.title).catch((err: unknown) => {
    throw err instanceof BoardLimitError ? new HttpError(409, 'limit-reached', err.message) : err;
  });
  d.logger.info({ event: eventId, board: board.id }, 'board added');
  sendJson(res, 201, boardInfo(board));
};

const getBoard: Route = async (d, _req, res, url, [boardId]) => {
  const result = await d.access.forBoard(boardId, url.searchParams.get('t'));
  if (!result.ok) throw accessError(result.reason);
  const { role, board, event, tokens } = result.access;
  const boards = await d.events.listBoards(event.id);
  const links = can(role, 'event:manage') && tokens ? d.service.links(tokens, boards, d.publicUrl()) : null;
  const joinUrl = `${d.publicUrl()}/join/${board.joinCode}?s=${await d.tickets.ticketFor(board.joinCode)}`;
  const body: BoardSession = { role, board: boardInfo(board), event: eventInfo(event), boards: boards.map(boardInfo), links, publicUrl: d.publicUrl(), joinUrl };
  sendJson(res, 200, body);
};

/** POST /api/events/:eventId/tokens/:role/rotate?t=<moderator>: a new link for that role; the old one dies at once. */
const rotateToken: Route = async (d, _req, res, url, [eventId, role]) => {
  const result = await d.access.forEvent(eventId, url.searchParams.get('t'));
  if (!result.ok) throw accessError(result.reason);
  if (!can(result.role, 'event:manage')) throw new HttpError(403, 'forbidden', 'Only the moderator may replace links');
  if (!(ROLES as readonly string[]).includes(role)) throw new HttpError(400, 'invalid-payload', `Unknown role ${role.slice(0, 32)}`);
  if (!result.tokens) throw new HttpError(403, 'forbidden', 'Only the moderator may replace links');
  const tokens = await d.service.rotateToken(result.event, result.tokens, role as Role);
  d.logger.info({ event: eventId, role }, 'role token rotated');
  const boards = await d.events.listBoards(eventId);
  const body: RotateTokenResult = { role: role as Role, links: d.service.links(tokens, boards, d.publicUrl()) };
  sendJson(res, 200, body);
};

const metrics: Route = async (d, req, res) => {
  if (!d.metricsEndpoint) return notFound(res);
  await d.metricsEndpoint(req, res);
};

const health: Route = async (d, _req, res) => {
  const h = await d.health();
  sendJson(res, h.status === 'ok' ? 200 : 503, h);
};

const API: ReadonlyArray<readonly [string, RegExp, Route]> = [
  ['POST', /^\/api\/events$/, createEvent],
  ['GET', /^\/api\/events\/([^/]+)$/, getEvent],
  ['POST', /^\/api\/events\/([^/]+)\/boards$/, addBoard],
  ['GET', /^\/api\/boards\/([^/]+)$/, getBoard],
  ['POST', /^\/api\/events\/([^/]+)\/tokens\/([^/]+)\/rotate$/, rotateToken],
  ['GET', /^\/metrics$/, metrics],
  ['GET', /^\/healthz$/, health]
];

/** Serves a board page only for a token of that board's event whose role matches the page. */
async function guardPage(d: HttpHandlerOptions, req: IncomingMessage, res: ServerResponse, url: URL, page: { boardId: string; role: Role }): Promise<boolean> {
  const result = isId(page.boardId) ? await d.access.forBoard(page.boardId, url.searchParams.get('t')) : ({ ok: false, reason: 'not-found' } as const);
  const refusal = !result.ok ? result.reason : result.access.role !== page.role ? 'forbidden' : null;
  if (refusal) {
    const refused = refusalPage(refusal);
    sendHtml(res, refused.status, req.method === 'HEAD' ? '' : refused.html);
    return false;
  }
  res.setHeader('referrer-policy', 'no-referrer');
  return true;
}

/** A board page, from the canonical path (page-path.ts); any method, any case: guarding more never serves less safely. */
function pageOf(segments: string[]): { boardId: string; role: Role } | null {
  if (segments.length !== 3 || segments[0].toLowerCase() !== 'b') return null;
  const role = PAGE_ROLE.get(segments[2].toLowerCase());
  return role ? { boardId: segments[1], role } : null;
}

const notFound = (res: ServerResponse): void => sendError(res, 404, 'not-found', 'Not found');

async function route(d: HttpHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const canonical = canonicalUrl(req.url ?? '/');
  if (!canonical) throw new HttpError(400, 'invalid-payload', 'Malformed URL');
  // Every route below, and the app, sees the path it was checked under.
  req.url = canonical.href;
  const url = new URL(canonical.href, 'http://localhost');
  const method = req.method ?? 'GET';
  if (d.outputs && (await d.outputs.handle(req, res, url))) return;
  if (d.moderation && (await d.moderation.handle(req, res, url))) return;
  if (d.identity && (await d.identity.handle(req, res, url))) return;
  for (const [m, pattern, handler] of API) {
    const match = pattern.exec(url.pathname);
    if (!match) continue;
    if (m !== method && !(m === 'GET' && method === 'HEAD')) throw new HttpError(405, 'invalid-payload', `Use ${m}`);
    return handler(d, req, res, url, match.slice(1).map(decodeURIComponent));
  }
  if (url.pathname.startsWith('/api/')) return notFound(res);
  const page = pageOf(canonical.segments);
  if (page && !(await guardPage(d, req, res, url, page))) return;
  // The app's pages carry their own full policy (kit.csp, hashes); this fallback covers its assets.
  res.setHeader('content-security-policy', APP_FALLBACK_CSP);
  if (d.app) d.app(req, res, () => notFound(res));
  else notFound(res);
}

export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const guard = createRequestGuard({ limits: options.limits, addressOf: options.addressOf ?? peerAddress, onRefuse: (reason) => options.metrics?.rejected(`http-${reason}`) });
  return (req, res) => {
    setSecurityHeaders(res, { hsts: options.publicUrl().startsWith('https://') });
    if (!guard(req, res)) return;
    route(options, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError) return sendError(res, err.status, err.reason, err.message);
      if (err instanceof InsufficientStorageError) {
        options.logger.warn({ method: req.method, path: req.url?.split('?')[0] }, err.message);
        options.metrics?.rejected('insufficient-storage');
        return sendError(res, 507, 'insufficient-storage', err.message);
      }
      if (err instanceof URIError) return sendError(res, 400, 'invalid-payload', 'Malformed URL');
      options.logger.error({ err, method: req.method }, 'request failed');
      sendError(res, 500, 'internal', 'Internal error');
    });
  };
}
