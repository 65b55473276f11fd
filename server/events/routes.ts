/**
 * The events API: create an event, read an event or a board (role links for the moderator only),
 * add a workshop board, replace a role's link.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { ROLES, can, type Role } from '../../src/lib/roles/index.js';
import type { BoardSession, EventSession, RotateTokenResult } from '../../src/lib/protocol/api.js';
import { AddBoard, CreateEvent, RotateToken } from '../../src/lib/protocol/schemas.js';
import type { Limits } from '../app/limits.js';
import { HttpError, parse, readJsonBody, sendJson } from '../http/http-util.js';
import type { Route, RouteHandler } from '../http/router.js';
import { addressKey } from '../limits/address.js';
import type { AddressOf } from '../limits/connection-limits.js';
import { perMinute, type RateLimiter, type RateLimiters } from '../limits/rate-limiter.js';
import type { StorageBudget } from '../limits/storage-budget.js';
import { MODERATOR_ONLY, requireBoard, requireEvent } from './access.js';
import { BoardLimitError, type EventStore } from './event-store.js';
import type { JoinTickets } from './join-tickets.js';
import type { AccessResolver } from './resolver.js';
import { boardInfo, eventInfo, type EventService } from './service.js';

export interface EventRoutesOptions {
  events: EventStore;
  service: EventService;
  access: AccessResolver;
  /** Join tickets for the projector's QR code (join-tickets.ts). */
  tickets: JoinTickets;
  limits: Limits;
  logger: Logger;
  addressOf: AddressOf;
  /** Named rate limits (Redis in scale-out). */
  limiters: RateLimiters;
  /** The DATA_DIR budget, checked before an event or a board is created; absent = none. */
  storage?: StorageBudget;
  publicUrl: () => string;
  /** Counts refusals by reason. */
  metrics?: { rejected(reason: string): void };
}

/** A new event or board writes a few KB to the store; refuse before the disk is full, not after. */
const SMALL_WRITE_BYTES = 64 * 1024;

/** A board past the event's limit is 409 `limit-reached`; anything else is passed on. */
export const limitReached = (err: unknown): unknown => (err instanceof BoardLimitError ? new HttpError(409, 'limit-reached', err.message) : err);

/** Events per address: a minute's burst, and a day's count refilled over 24 hours (in Redis across instances). */
function creationLimits(d: EventRoutesOptions): { minute: RateLimiter; day: RateLimiter } {
  const { eventsPerMinutePerIp: eventsPerMinute, eventsPerDayPerAddress: perDay } = d.limits;
  return {
    minute: d.limiters.limiter('event-create', perMinute(eventsPerMinute)),
    day: d.limiters.limiter('events-per-address-day', { capacity: perDay, perSecond: perDay / 86_400 })
  };
}

export function eventRoutes(d: EventRoutesOptions): Route[] {
  const limiter = creationLimits(d);
  const keyOf = (req: IncomingMessage): string => addressKey(d.addressOf(req));

  const createEvent: RouteHandler = async ({ req, res }) => {
    if (!(await limiter.minute.take(keyOf(req))).ok) {
      d.metrics?.rejected('event-creation-rate');
      throw new HttpError(429, 'rate-limited', `Too many events created from this address; at most ${d.limits.eventsPerMinutePerIp} per minute`);
    }
    const input = parse(CreateEvent, await readJsonBody(req, d.limits.maxBodyBytes));
    await d.storage?.check(SMALL_WRITE_BYTES * (1 + input.workshops.length));
    const key = keyOf(req);
    const verdict = await limiter.day.take(key);
    if (!verdict.ok) {
      d.metrics?.rejected('event-creation-daily');
      res.setHeader('retry-after', Math.ceil(verdict.retryAfterMs / 1000));
      throw new HttpError(429, 'rate-limited', `Too many events created from this address; at most ${d.limits.eventsPerDayPerAddress} a day`);
    }
    const { event, boards, tokens } = await d.service.createEvent(input).catch(async (err: unknown) => {
      await limiter.day.refund(key);
      throw limitReached(err);
    });
    d.logger.info({ event: event.id, boards: boards.length }, 'event created');
    sendJson(res, 201, { eventId: event.id, boards: boards.map(boardInfo), links: d.service.links(event, tokens, boards, d.publicUrl()) });
  };

  const getEvent: RouteHandler = async ({ res, url, params: { eventId } }) => {
    const granted = await requireEvent(d.access, eventId, url);
    const boards = await d.events.listBoards(eventId);
    const links = can(granted.role, 'event:manage') && granted.tokens ? d.service.links(granted.event, granted.tokens, boards, d.publicUrl()) : null;
    const body: EventSession = { role: granted.role, event: eventInfo(granted.event), boards: boards.map(boardInfo), links, publicUrl: d.publicUrl() };
    sendJson(res, 200, body);
  };

  const addBoard: RouteHandler = async ({ req, res, url, params: { eventId } }) => {
    const granted = await requireEvent(d.access, eventId, url, MODERATOR_ONLY('Only the moderator may add boards'));
    const input = parse(AddBoard, await readJsonBody(req, d.limits.maxBodyBytes));
    await d.storage?.check(SMALL_WRITE_BYTES);
    const board = await d.service.addBoard(granted.event, input.title).catch((err: unknown) => {
      throw limitReached(err);
    });
    d.logger.info({ event: eventId, board: board.id }, 'board added');
    sendJson(res, 201, boardInfo(board));
  };

  const getBoard: RouteHandler = async ({ res, url, params: { boardId } }) => {
    const { role, board, event, tokens } = await requireBoard(d.access, boardId, url);
    const boards = await d.events.listBoards(event.id);
    const links = can(role, 'event:manage') && tokens ? d.service.links(event, tokens, boards, d.publicUrl()) : null;
    const joinUrl = `${d.publicUrl()}/join/${board.joinCode}?s=${await d.tickets.ticketFor(board.joinCode)}`;
    const body: BoardSession = { role, board: boardInfo(board), event: eventInfo(event), boards: boards.map(boardInfo), links, publicUrl: d.publicUrl(), joinUrl };
    sendJson(res, 200, body);
  };

  /** A new link for that role (for the event, or the audience's of one board); the old one dies at once. */
  const rotateToken: RouteHandler = async ({ req, res, url, params: { eventId, role } }) => {
    const replace = MODERATOR_ONLY('Only the moderator may replace links');
    const granted = await requireEvent(d.access, eventId, url, replace);
    if (!(ROLES as readonly string[]).includes(role)) throw new HttpError(400, 'invalid-payload', `Unknown role ${role.slice(0, 32)}`);
    if (!granted.tokens) throw new HttpError(403, 'forbidden', replace.forbidden);
    const boardId = parse(RotateToken, await readJsonBody(req, d.limits.maxBodyBytes))?.boardId;
    const boards = await d.events.listBoards(eventId);
    if (boardId !== undefined && role !== 'audience')
      throw new HttpError(400, 'invalid-payload', 'Only the audience link can be replaced for one board; other links belong to the whole event');
    if (boardId !== undefined && !boards.some((b) => b.id === boardId)) throw new HttpError(404, 'not-found', `No board ${boardId} in this event`);
    const rotated = await d.service.rotateToken(granted.event, granted.tokens, role as Role, { boardId });
    d.logger.info({ event: eventId, board: boardId, role }, boardId ? 'board audience token rotated' : 'role token rotated');
    const body: RotateTokenResult = { role: role as Role, boardId: boardId ?? null, links: d.service.links(rotated.event, rotated.tokens, boards, d.publicUrl()) };
    sendJson(res, 200, body);
  };

  return [
    { method: 'POST', path: '/api/events', handler: createEvent },
    { method: 'GET', path: '/api/events/:eventId', handler: getEvent },
    { method: 'POST', path: '/api/events/:eventId/boards', handler: addBoard },
    { method: 'GET', path: '/api/boards/:boardId', handler: getBoard },
    { method: 'POST', path: '/api/events/:eventId/tokens/:role/rotate', handler: rotateToken, params: { role: '[^/]+' } }
  ];
}
