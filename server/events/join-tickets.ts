/**
 * Join tickets: the projector's QR code carries, beside the join code, a short MAC of that code
 * under a server secret (`/join/<code>?s=<ticket>`). A lookup with a valid ticket cannot be a
 * guess (whoever holds it read it off the projector), so it is not charged to the address's
 * miss budget. The hall scanning the QR code thus always gets in, even after someone on the
 * same Wi-Fi spent the address's miss budget guessing codes on purpose; only people who type
 * a code by hand share that budget (server/events/identity-routes.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SecretSource } from './secrets.js';

const TICKET_BYTES = 9;
const TICKET = /^[A-Za-z0-9_-]{12}$/;

const macOf = (secret: Buffer, code: string): Buffer => createHmac('sha256', secret).update('panel-board:join:').update(code).digest().subarray(0, TICKET_BYTES);

export interface JoinTickets {
  /** The ticket for a (normalised) join code. */
  ticketFor(code: string): Promise<string>;
  /** True when `ticket` is the ticket of `code` (constant-time comparison). */
  verify(code: string, ticket: unknown): Promise<boolean>;
}

export function createJoinTickets(options: { secret: SecretSource }): JoinTickets {
  return {
    ticketFor: async (code) => macOf(await options.secret(), code).toString('base64url'),
    async verify(code, ticket) {
      if (typeof ticket !== 'string' || !TICKET.test(ticket)) return false;
      return timingSafeEqual(macOf(await options.secret(), code), Buffer.from(ticket, 'base64url'));
    }
  };
}
