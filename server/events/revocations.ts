/**
 * Live revocation: when the moderator rotates a role's token, every transport on every instance
 * closes the connections that were opened with the old one (websocket 4410, socket.io `notice`
 * + disconnect). The instance that rotated tells its own transports at once and the others over
 * the bus (one small message on one channel); a new connection with the old token is refused
 * anyway, since every instance reads tokens from the shared event store.
 */
import type { Logger } from 'pino';
import { isId } from '../../src/lib/board/ids.js';
import { isRole, type Role } from '../../src/lib/roles/index.js';
import { channelName, type Bus } from '../sync/bus.js';
import type { AccessResolver } from './resolver.js';

/** A role's link was replaced, or (`'event'`) the whole event was deleted (docs/privacy.md §6). */
export type RevokedScope = Role | 'event';
/** `boardId`: only that board's connections (its audience link was replaced on its own). */
export type RevocationListener = (eventId: string, scope: RevokedScope, boardId?: string) => void;

export interface Revocations {
  /**
   * Closes the connections of `role` in `eventId` (`'event'`: of every role, the event was
   * deleted; with `boardId`, on that board only) here and, over the bus, on every other instance.
   */
  revoke(eventId: string, scope: RevokedScope, boardId?: string): void;
  subscribe(listener: RevocationListener): () => void;
  /**
   * Called after the bus reconnects: notices published meanwhile are lost (pub/sub does not
   * replay), so transports check their open connections' tokens again (`closeStale`).
   */
  onRecheck(listener: () => void): () => void;
  close(): void;
}

/** An open connection, as a transport knows it, for `closeStale`. */
export interface LiveGrant {
  boardId: string;
  token: string;
  close(): void;
}

/** Closes the connections whose token no longer opens their board: one store read per board and token. */
export async function closeStale(access: AccessResolver, grants: Iterable<LiveGrant>): Promise<number> {
  const byToken = new Map<string, LiveGrant[]>();
  for (const g of grants) {
    const key = `${g.boardId}\n${g.token}`;
    const list = byToken.get(key);
    if (list) list.push(g);
    else byToken.set(key, [g]);
  }
  let closed = 0;
  for (const list of byToken.values()) {
    const result = await access.forBoard(list[0].boardId, list[0].token);
    if (result.ok) continue;
    for (const g of list) g.close();
    closed += list.length;
  }
  return closed;
}

export interface RevocationsOptions {
  bus: Bus;
  instanceId: string;
  logger: Logger;
}

interface Notice {
  sender: string;
  eventId: string;
  role: RevokedScope;
  boardId?: string;
}

const encode = (notice: Notice): Uint8Array => new TextEncoder().encode(JSON.stringify(notice));

/** Null for anything that is not a notice another instance could have sent. */
function decode(message: Uint8Array): Notice | null {
  if (message.byteLength > 512) return null;
  try {
    const v = JSON.parse(new TextDecoder().decode(message)) as Partial<Notice>;
    if (v.boardId !== undefined && !isId(v.boardId)) return null;
    return typeof v.sender === 'string' && isId(v.eventId) && (isRole(v.role) || v.role === 'event')
      ? { sender: v.sender, eventId: v.eventId, role: v.role, boardId: v.boardId }
      : null;
  } catch {
    return null;
  }
}

export function createRevocations(options: RevocationsOptions): Revocations {
  const { bus, instanceId, logger } = options;
  const listeners = new Set<RevocationListener>();
  const rechecks = new Set<() => void>();
  const stopResync = bus.onResync((reason) => {
    if (reason === 'reconnect') for (const l of [...rechecks]) l();
  });
  const channel = channelName({ kind: 'revocations' });
  const notify = (eventId: string, scope: RevokedScope, boardId?: string): void => {
    for (const listener of [...listeners]) listener(eventId, scope, boardId);
  };
  const unsubscribe = bus.subscribe(channel, (message) => {
    const notice = decode(message);
    if (!notice) return logger.warn('malformed revocation notice dropped');
    if (notice.sender !== instanceId) notify(notice.eventId, notice.role, notice.boardId);
  });
  return {
    revoke(eventId, role, boardId) {
      notify(eventId, role, boardId);
      bus
        .publish(channel, encode({ sender: instanceId, eventId, role, boardId }))
        .catch((err: unknown) =>
          logger.error({ err, event: eventId, role, board: boardId }, 'revocation not published: other instances close those connections when their bus reconnects')
        );
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onRecheck(listener) {
      rechecks.add(listener);
      return () => void rechecks.delete(listener);
    },
    close() {
      unsubscribe();
      stopResync();
      listeners.clear();
      rechecks.clear();
    }
  };
}
