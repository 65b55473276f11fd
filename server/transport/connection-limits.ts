/**
 * Counts open realtime connections (websocket and socket.io alike) per board and per client IP,
 * so one board or one address cannot take every socket the instance has.
 */
import type { IncomingMessage } from 'node:http';
import type { Limits } from '../config.js';

export type ConnectionRefusal = 'board-full' | 'ip-full';

export interface ConnectionLimiter {
  /** A release function (idempotent), or why the connection may not open. */
  admit(boardId: string, ip: string): { ok: true; release: () => void } | { ok: false; reason: ConnectionRefusal };
}

/** The peer address; proxies are not trusted (a deployment behind one sets limits accordingly). */
export const clientIp = (req: Pick<IncomingMessage, 'socket'>): string => req.socket.remoteAddress ?? 'unknown';

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
      if ((perIp.get(ip) ?? 0) >= limits.maxConnectionsPerIp) return { ok: false, reason: 'ip-full' };
      bump(perBoard, boardId, 1);
      bump(perIp, ip, 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          bump(perBoard, boardId, -1);
          bump(perIp, ip, -1);
        }
      };
    }
  };
}
