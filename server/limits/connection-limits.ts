/**
 * Who may open a realtime connection (websocket and socket.io alike), counted on this instance,
 * at a rate counted across instances (the shared `RateLimiters`).
 *
 * - The audience shares one address in a hall (venue NAT, reverse proxy): its connections count
 *   per address (`maxConnectionsPerIp`) and per board (`maxConnectionsPerBoard`, the audience's
 *   share), and new ones per address at a rate (`connectionBurstPerIp`, `connectionsPerSecondPerIp`).
 * - The moderator, panelists and the projector hold secret links: each of these roles has a
 *   reserve of its own per board (`reservedStaffConnectionsPerBoard`), on top of the audience's
 *   share and outside the per-address count, so no number of audience sockets from any address
 *   can lock them out, and a leaked panelist link cannot take the moderator's reserve.
 * - A socket.io connection exists before it authenticates: until then it is pending, at most
 *   `maxPendingConnectionsPerIp` per address; past that the oldest pending one is evicted
 *   (refusing the newest would let anyone sharing the address hold the moderator's handshake out).
 */
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../src/lib/roles/index.js';
import type { Limits } from '../app/limits.js';
import { addressKey, clientAddress } from './address.js';
import { createMemoryRateLimiters, type RateLimiter, type RateLimiters } from './rate-limiter.js';

export type ConnectionRefusal = 'board-full' | 'ip-full' | 'staff-full' | 'too-fast';

export type Admission = { ok: true; release: () => void } | { ok: false; reason: ConnectionRefusal; retryAfterMs?: number };

/** What the refused client is told (websocket close reason, socket.io `connect_error` message). */
export const REFUSAL_MESSAGE: Record<ConnectionRefusal, string> = {
  'board-full': 'too many connections to this board',
  'ip-full': 'too many connections from this address',
  'staff-full': 'too many connections with this link',
  'too-fast': 'too many new connections from this address; try again shortly'
};

export interface ConnectionRequest {
  boardId: string;
  /** The client address (server/limits/address.ts, under TRUST_PROXY). */
  address: string;
  role: Role;
}

export interface ConnectionLimiter {
  /** An authenticated connection: a release function (idempotent), or why it may not open. */
  admit(request: ConnectionRequest): Promise<Admission>;
  /**
   * An unauthenticated connection from `address`; `evict` closes it when newer ones push it out.
   * Returns the function that ends its pending state (authenticated or closed; idempotent).
   */
  pending(address: string, evict: () => void): () => void;
}

/** How a transport learns a request's client address (server/limits/address.ts, under TRUST_PROXY). */
export type AddressOf = (req: Pick<IncomingMessage, 'socket' | 'headers'>) => string;

/** The peer address itself, trusting no proxy: the default where no `addressOf` is given. */
export const peerAddress: AddressOf = (req) => clientAddress(req, { kind: 'none' });

/** The roles whose connections come out of the board's reserve rather than the audience's share. */
export const isStaff = (role: Role): boolean => role !== 'audience';

export type ConnectionLimits = Pick<
  Limits,
  'maxConnectionsPerBoard' | 'maxConnectionsPerIp' | 'reservedStaffConnectionsPerBoard' | 'connectionBurstPerIp' | 'connectionsPerSecondPerIp' | 'maxPendingConnectionsPerIp'
>;

function counter() {
  const counts = new Map<string, number>();
  return {
    get: (key: string) => counts.get(key) ?? 0,
    bump(key: string, by: number): void {
      const next = (counts.get(key) ?? 0) + by;
      if (next <= 0) counts.delete(key);
      else counts.set(key, next);
    }
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

export function createConnectionLimiter(options: { limits: ConnectionLimits; limiters?: RateLimiters }): ConnectionLimiter {
  const { limits } = options;
  const limiters = options.limiters ?? createMemoryRateLimiters();
  const audienceRate: RateLimiter = limiters.limiter('connections', { capacity: limits.connectionBurstPerIp, perSecond: limits.connectionsPerSecondPerIp });
  // A staff role reconnects all its devices after a restart, then rarely: twice its reserve at
  // once, a tenth of it per second. Keyed by board and role, so no address can drain it.
  const reserve = limits.reservedStaffConnectionsPerBoard;
  const staffRate: RateLimiter = limiters.limiter('staff-connections', { capacity: 2 * reserve, perSecond: Math.max(1, reserve / 10) });
  const perBoard = counter();
  const perIp = counter();
  const perStaff = counter();
  const pendingByIp = new Map<string, Set<{ evict: () => void }>>();

  function count(request: ConnectionRequest): Admission {
    if (isStaff(request.role)) {
      const key = `${request.boardId}\0${request.role}`;
      if (perStaff.get(key) >= reserve) return { ok: false, reason: 'staff-full' };
      perStaff.bump(key, 1);
      return { ok: true, release: once(() => perStaff.bump(key, -1)) };
    }
    const ip = addressKey(request.address);
    if (perBoard.get(request.boardId) >= limits.maxConnectionsPerBoard) return { ok: false, reason: 'board-full' };
    if (perIp.get(ip) >= limits.maxConnectionsPerIp) return { ok: false, reason: 'ip-full' };
    perBoard.bump(request.boardId, 1);
    perIp.bump(ip, 1);
    return {
      ok: true,
      release: once(() => {
        perBoard.bump(request.boardId, -1);
        perIp.bump(ip, -1);
      })
    };
  }

  return {
    async admit(request) {
      const staff = isStaff(request.role);
      const verdict = staff ? await staffRate.take(`${request.role}:${request.boardId}`) : await audienceRate.take(addressKey(request.address));
      if (!verdict.ok) return { ok: false, reason: 'too-fast', retryAfterMs: verdict.retryAfterMs };
      return count(request);
    },
    pending(address, evict) {
      const ip = addressKey(address);
      let held = pendingByIp.get(ip);
      if (!held) pendingByIp.set(ip, (held = new Set()));
      const set = held;
      // Sets keep insertion order: the first entry is the oldest.
      for (const oldest of set) {
        if (set.size < limits.maxPendingConnectionsPerIp) break;
        set.delete(oldest);
        oldest.evict();
      }
      const entry = { evict };
      set.add(entry);
      pendingByIp.set(ip, set); // an eviction above may have emptied and dropped it
      return once(() => {
        set.delete(entry);
        if (set.size === 0 && pendingByIp.get(ip) === set) pendingByIp.delete(ip);
      });
    }
  };
}
