/**
 * Who may become somebody, and how fast:
 * - `POST /api/device` confirms a device credential or issues a new one (server/events/devices.ts).
 *   New identities are limited per client address: a hall of 1,500 phones behind one NAT
 *   passes within a minute; a script minting hundreds a second does not. (Not per TCP
 *   connection: a reverse proxy pools its upstream connections across clients.)
 * - `GET /api/join/:code` resolves a join code to the audience link. Lookups are limited per
 *   address, and misses much more: a miss reserves a token of two miss budgets (a minute's and
 *   an hour's) before the lookup, given back on a hit. Once either is spent every lookup from
 *   the address waits, hits too, so a guesser learns nothing from a refusal; the hour budget
 *   makes the wait grow from seconds to minutes (docs/security.md §3 works out the odds).
 *   A lookup that carries the QR code's join ticket (server/events/join-tickets.ts) is no guess:
 *   it skips the miss budgets, so scanning the QR code works whatever a guesser on the same
 *   address has spent. Every answer carries the code's ticket: a phone keeps it, and when the
 *   audience link is replaced the whole hall exchanges its code again at once, as scans.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { ROLE_PATH, type DeviceResult, type JoinResult } from '../../src/lib/protocol/api.js';
import { checkJoinCode } from '../../src/lib/protocol/join-code.js';
import type { DeviceIds } from './devices.js';
import type { JoinTickets } from './join-tickets.js';
import type { Limits } from '../app/limits.js';
import { addressKey } from '../limits/address.js';
import { perMinute, type RateLimiters } from '../limits/rate-limiter.js';
import type { BoardRecord, EventRecord, EventStore } from './event-store.js';
import type { AddressOf } from '../limits/connection-limits.js';
import { HttpError, readJsonBody, sendJson } from '../http/http-util.js';
import type { Route } from '../http/router.js';

export interface IdentityRoutesOptions {
  devices: DeviceIds;
  tickets: JoinTickets;
  events: EventStore;
  limiters: RateLimiters;
  limits: Limits;
  addressOf: AddressOf;
  publicUrl: () => string;
  /** The audience token of a board, for the link its join code leads to. */
  audienceToken: (event: EventRecord, boardId: string) => Promise<string>;
  metrics?: { rejected(reason: string): void };
}

const DeviceBody = v.optional(v.nullable(v.object({ deviceId: v.optional(v.unknown()) })));

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
};

/** How long a ticketed lookup's board is reused (the event, with its tokens, is read afresh every time). */
const TICKETED_CACHE_MS = 2000;

/** Answers kept for `ttlMs` per key; only codes with a valid ticket (real boards) get in, so it stays small. */
function shortCache<T>(ttlMs: number) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      if (entries.size > 10_000) for (const [k, e] of entries) if (now - e.at >= ttlMs) entries.delete(k);
      const value = load();
      entries.set(key, { at: now, value });
      value.catch(() => entries.delete(key));
      return value;
    }
  };
}

function refuse(res: ServerResponse, retryAfterMs: number, message: string): void {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  res.setHeader('retry-after', String(seconds));
  sendJson(res, 429, { ok: false, reason: 'rate-limited', message: `${message}; try again in ${seconds} s`, retryAfterMs: seconds * 1000 });
}

export function identityRoutes(d: IdentityRoutesOptions): Route[] {
  const { limits } = d;
  const mints = d.limiters.limiter('device-mint', perMinute(limits.deviceMintsPerMinutePerIp));
  const lookups = d.limiters.limiter('join-lookup', perMinute(limits.joinLookupsPerMinutePerIp));
  const missesMinute = d.limiters.limiter('join-miss-minute', perMinute(limits.joinMissesPerMinutePerIp));
  const missesHour = d.limiters.limiter('join-miss-hour', { capacity: limits.joinMissesPerHourPerIp, perSecond: limits.joinMissesPerHourPerIp / 3600 });

  async function device(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = v.safeParse(DeviceBody, await readJsonBody(req, limits.maxBodyBytes));
    if (!parsed.success) throw new HttpError(400, 'invalid-payload', 'Expected { deviceId?: string }');
    const presented = parsed.output?.deviceId;
    if (presented !== undefined && (await d.devices.verify(presented))) return sendJson(res, 200, { deviceId: presented as string } satisfies DeviceResult);
    const verdict = await mints.take(addressKey(d.addressOf(req)));
    if (!verdict.ok) {
      d.metrics?.rejected('device-mint-rate');
      return refuse(res, verdict.retryAfterMs, 'Too many new device identities from this address');
    }
    sendJson(res, 201, { deviceId: await d.devices.issue() } satisfies DeviceResult);
  }

  /** Reserves a miss in both budgets; when either is spent, gives back what it took and says the longer wait. */
  async function reserveMiss(key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
    const [minute, hour] = await Promise.all([missesMinute.take(key), missesHour.take(key)]);
    if (minute.ok && hour.ok) return { ok: true };
    if (minute.ok) await missesMinute.refund(key);
    if (hour.ok) await missesHour.refund(key);
    return { ok: false, retryAfterMs: Math.max(minute.ok ? 0 : minute.retryAfterMs, hour.ok ? 0 : hour.retryAfterMs) };
  }

  const ticketed = shortCache<BoardRecord | null>(TICKETED_CACHE_MS);

  const findBoard = (code: string): Promise<BoardRecord | null> => d.events.findBoardByJoinCode(code);

  /**
   * The board and its event. The event is never cached: right after a link is replaced the whole
   * hall asks again, and a cached record would hand out the token that was just revoked.
   */
  async function find(raw: string, board?: Promise<BoardRecord | null>): Promise<{ board: BoardRecord; event: EventRecord } | null> {
    const checked = checkJoinCode(raw);
    if (!checked.ok) return null;
    const found = await (board ?? findBoard(checked.code));
    const event = found ? await d.events.getEvent(found.eventId) : null;
    return found && event ? { board: found, event } : null;
  }

  async function join(req: IncomingMessage, res: ServerResponse, code: string, ticket: string | null): Promise<void> {
    const key = addressKey(d.addressOf(req));
    const checked = checkJoinCode(code);
    // A scanned QR code is checked first and charged to no address budget: a script on the hall's
    // address could otherwise spend the lookup budget and hold up every scan behind it. Its
    // answer is the same for every scan, so it is served from a short cache.
    if (checked.ok && ticket !== null && (await d.tickets.verify(checked.code, ticket))) {
      const found = await find(
        checked.code,
        ticketed.get(checked.code, () => findBoard(checked.code))
      );
      if (!found) throw new HttpError(404, 'not-found', 'No board with this code');
      return sendJoin(res, found);
    }
    const lookup = await lookups.take(key);
    if (!lookup.ok) {
      d.metrics?.rejected('join-lookup-rate');
      return refuse(res, lookup.retryAfterMs, 'Too many join attempts from this address');
    }
    const miss = await reserveMiss(key);
    if (!miss.ok) {
      d.metrics?.rejected('join-miss-rate');
      return refuse(res, miss.retryAfterMs, 'Too many wrong join codes from this address');
    }
    const found = await find(code);
    if (!found) throw new HttpError(404, 'not-found', 'No board with this code');
    await Promise.all([missesMinute.refund(key), missesHour.refund(key)]);
    await sendJoin(res, found);
  }

  async function sendJoin(res: ServerResponse, { board, event }: { board: BoardRecord; event: EventRecord }): Promise<void> {
    const token = await d.audienceToken(event, board.id);
    const url = `${d.publicUrl()}/b/${board.id}/${ROLE_PATH.audience}?t=${token}`;
    const body: JoinResult = { boardId: board.id, url, code: board.joinCode, ticket: await d.tickets.ticketFor(board.joinCode) };
    sendJson(res, 200, body);
  }

  return [
    { method: 'POST', path: '/api/device', handler: ({ req, res }) => device(req, res) },
    {
      method: 'GET',
      path: '/api/join/:code',
      handler: ({ req, res, url, params }) => join(req, res, safeDecode(params.code), url.searchParams.get('s')),
      params: { code: '[^/]+' }
    }
  ];
}
