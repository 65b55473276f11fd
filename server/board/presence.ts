/**
 * Live participant counts per role and board. Each instance counts its own sockets; in
 * scale-out mode it asks the others for theirs (socket.io server-side events over the Redis
 * adapter), so every device sees the same totals. Coalesced: a thousand phones joining cost a
 * handful of messages, not a million.
 */
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { PresenceCounts } from '../../src/lib/protocol/events.js';
import { ROLES, type Role } from '../../src/lib/roles/index.js';

const ANNOUNCE_DELAY_MS = 250;
/** Re-counts periodically in a cluster, so an instance that died stops being counted. */
const CLUSTER_REFRESH_MS = 5000;

export const boardRoom = (boardId: string): string => `board:${boardId}`;
export const roleRoom = (boardId: string, role: Role): string => `board:${boardId}:${role}`;

// The server-side events instances exchange (typed loosely: socket.io types them per server).
type ClusterIo = {
  on(event: 'presence:count', listener: (boardId: unknown, ack: (counts: PresenceCounts) => void) => void): void;
  on(event: 'presence:changed', listener: (boardId: unknown) => void): void;
  serverSideEmit(event: 'presence:changed', boardId: string): void;
  serverSideEmitWithAck(event: 'presence:count', boardId: string): Promise<PresenceCounts[]>;
};

export interface Presence {
  /** A socket joined or left this board on this instance. */
  announce(boardId: string): void;
  stop(): void;
}

export interface PresenceOptions {
  io: Server;
  cluster: boolean;
  logger: Logger;
  /** Every total computed (across instances): the participation figures keep the peak audience. */
  onTotals?: (boardId: string, counts: PresenceCounts) => void;
}

export function createPresence(options: PresenceOptions): Presence {
  const { io, cluster, logger } = options;
  const clusterIo = io as unknown as ClusterIo;
  const pending = new Map<string, NodeJS.Timeout>();
  // Sockets disconnected during shutdown announce after stop(); their counts must not go out
  // over adapter connections that are closing.
  let stopped = false;

  const local = (boardId: string): PresenceCounts => {
    const rooms = io.of('/').adapter.rooms;
    const result = {} as PresenceCounts;
    for (const role of ROLES) result[role] = rooms.get(roleRoom(boardId, role))?.size ?? 0;
    return result;
  };

  async function total(boardId: string): Promise<PresenceCounts> {
    const sum = local(boardId);
    if (!cluster) return sum;
    const others = await clusterIo.serverSideEmitWithAck('presence:count', boardId).catch((err: unknown) => {
      logger.warn({ err: String(err), board: boardId }, 'presence: some instances did not answer');
      return [] as PresenceCounts[];
    });
    for (const counts of others) for (const role of ROLES) sum[role] += Number(counts?.[role]) || 0;
    return sum;
  }

  /** Sends the current totals to this instance's sockets of the board. */
  function publishLocally(boardId: string): void {
    if (!io.of('/').adapter.rooms.has(boardRoom(boardId))) return;
    void total(boardId).then((counts) => {
      options.onTotals?.(boardId, counts);
      io.local.to(boardRoom(boardId)).emit('presence', counts);
    });
  }

  function schedule(boardId: string, tellOthers: boolean): void {
    if (stopped || pending.has(boardId)) return;
    const timer = setTimeout(() => {
      pending.delete(boardId);
      publishLocally(boardId);
      if (tellOthers && cluster) clusterIo.serverSideEmit('presence:changed', boardId);
    }, ANNOUNCE_DELAY_MS);
    pending.set(boardId, timer);
  }

  let refresh: NodeJS.Timeout | null = null;
  if (cluster) {
    clusterIo.on('presence:count', (boardId, ack) => typeof boardId === 'string' && typeof ack === 'function' && ack(local(boardId)));
    clusterIo.on('presence:changed', (boardId) => typeof boardId === 'string' && schedule(boardId, false));
    refresh = setInterval(() => {
      for (const room of io.of('/').adapter.rooms.keys()) {
        const match = /^board:([^:]+)$/.exec(room);
        if (match) publishLocally(match[1]);
      }
    }, CLUSTER_REFRESH_MS);
    refresh.unref();
  }

  return {
    announce: (boardId) => schedule(boardId, true),
    stop() {
      stopped = true;
      if (refresh) clearInterval(refresh);
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    }
  };
}
