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
import { channelName, type Bus } from '../pubsub/bus.js';

export type RevocationListener = (eventId: string, role: Role) => void;

export interface Revocations {
  /** Closes the connections of `role` in `eventId` here and, over the bus, on every other instance. */
  revoke(eventId: string, role: Role): void;
  subscribe(listener: RevocationListener): () => void;
  close(): void;
}

export interface RevocationsOptions {
  bus: Bus;
  instanceId: string;
  logger: Logger;
}

interface Notice {
  sender: string;
  eventId: string;
  role: Role;
}

const encode = (notice: Notice): Uint8Array => new TextEncoder().encode(JSON.stringify(notice));

/** Null for anything that is not a notice another instance could have sent. */
function decode(message: Uint8Array): Notice | null {
  if (message.byteLength > 512) return null;
  try {
    const v = JSON.parse(new TextDecoder().decode(message)) as Partial<Notice>;
    return typeof v.sender === 'string' && isId(v.eventId) && isRole(v.role) ? { sender: v.sender, eventId: v.eventId, role: v.role } : null;
  } catch {
    return null;
  }
}

export function createRevocations(options: RevocationsOptions): Revocations {
  const { bus, instanceId, logger } = options;
  const listeners = new Set<RevocationListener>();
  const channel = channelName({ kind: 'revocations' });
  const notify = (eventId: string, role: Role): void => {
    for (const listener of [...listeners]) listener(eventId, role);
  };
  const unsubscribe = bus.subscribe(channel, (message) => {
    const notice = decode(message);
    if (!notice) return logger.warn('malformed revocation notice dropped');
    if (notice.sender !== instanceId) notify(notice.eventId, notice.role);
  });
  return {
    revoke(eventId, role) {
      notify(eventId, role);
      bus.publish(channel, encode({ sender: instanceId, eventId, role })).catch((err: unknown) => logger.error({ err, event: eventId, role }, 'revocation not published: other instances keep those connections until they reconnect'));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close() {
      unsubscribe();
      listeners.clear();
    }
  };
}
