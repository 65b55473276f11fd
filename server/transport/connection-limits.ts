/**
 * Counts open realtime connections (websocket and socket.io alike) per board and per client IP,
 * so one board or one address cannot take every socket the instance has.
 */
import type { IncomingMessage } from 'node:http';
import type { Limits } from '../config.js';
import { addressKey, clientAddress } from '../limits/address.js';

export type ConnectionRefusal = 'board-full' | 'ip-full';

export interface ConnectionLimiter {
  /** A release function (idempotent), or why the connection may not open. */
  admit(boardId: string, ip: string): { ok: true; release: () => void } | { ok: false; reason: ConnectionRefusal };
}

/** How a transport learns a request's client address (server/limits/address.ts, under TRUST_PROXY). */
export type AddressOf = (req: Pick<IncomingMessage, 'socket' | 'headers'>) => string;

/** The peer address itself, trusting no proxy: the default where no `addressOf` is given. */
export const peerAddress: AddressOf = (req) => clientAddress(req, { kind: 'none' });

export function createConnectionLimiter(limits: Pick<Limits, 'maxConnectionsPerBoard' | 'maxConnectionsPerIp'>): ConnectionLimiter {
  const perBoard = new Map<string, number>();
  const perIp = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string, by: number): void => {
    const next = (map.get(key) ?? 0) + by;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };
  return {
    admit(boardId, ip) {
      if ((perBoard.get(boardId) ?? 0) >= limits.maxConnectionsPerBoard) return { ok: false, reason: 'board-full' };
      const key = addressKey(ip);
      if ((perIp.get(key) ?? 0) >= limits.maxConnectionsPerIp) return { ok: false, reason: 'ip-full' };
      bump(perBoard, boardId, 1);
      bump(perIp, key, 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          bump(perBoard, boardId, -1);
          bump(perIp, key, -1);
        }
      };
    }
  };
}
