/**
 * Counts participation as it happens, in this process, and adds it to the store about once a
 * second: a thousand taps cost one write, not a thousand. Memory is bounded: per board with
 * activity since the last flush, a few buckets (one per kind and 5 minutes) and the devices that
 * joined meanwhile (at most MAX_PENDING_DEVICES). Counts only: what is kept of a device is a
 * per-board hash of its participant key, used for the distinct count and never read back.
 * A failed flush keeps its counts for the next one.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { BUCKET_MS, MAX_BUCKETS } from '../../../src/lib/protocol/participation.js';
import type { CounterBucket, CountedKind, ParticipationDelta, ParticipationStore } from './participation-store.js';

export const FLUSH_MS = 1000;
const MAX_PENDING_DEVICES = 5000;

/** The actions that count, and as what (vote:toggle is counted from the votes' own times). */
const COUNTED_ACTIONS: Readonly<Record<string, CountedKind>> = { 'reaction:send': 'reactions', 'poll:vote': 'ballots', 'poll:answer': 'ballots' };

export interface ParticipationRecorder {
  /** An audience connection opened; `participantKey` is the board's pseudonym of the device. */
  joined(boardId: string, participantKey: string): void;
  /** The audience across every instance now (presence totals). */
  audience(boardId: string, count: number): void;
  /** A successful action. */
  action(boardId: string, name: string, now?: number): void;
  /** Writes what is pending (of one board, or all). */
  flush(boardId?: string): Promise<void>;
  /** Drops what is pending for the board (its event was purged). */
  discard(boardId: string): void;
  close(): Promise<void>;
}

interface Pending {
  peak: number;
  devices: Set<string>;
  buckets: Map<number, CounterBucket>;
}

const deviceHash = (boardId: string, participantKey: string): string =>
  createHash('sha256').update(`panel-board:participation:${boardId}:${participantKey}`).digest('base64url').slice(0, 16);

export function createParticipationRecorder(options: { store: ParticipationStore; logger: Logger; flushMs?: number }): ParticipationRecorder {
  const { store, logger } = options;
  const pending = new Map<string, Pending>();
  const of = (boardId: string): Pending => {
    let p = pending.get(boardId);
    if (!p) pending.set(boardId, (p = { peak: 0, devices: new Set(), buckets: new Map() }));
    return p;
  };

  const merge = (boardId: string, d: ParticipationDelta): void => {
    const p = of(boardId);
    p.peak = Math.max(p.peak, d.peak);
    for (const h of d.devices) if (p.devices.size < MAX_PENDING_DEVICES) p.devices.add(h);
    for (const b of d.buckets.slice(-MAX_BUCKETS)) {
      const held = p.buckets.get(b.bucket) ?? { bucket: b.bucket, reactions: 0, ballots: 0 };
      p.buckets.set(b.bucket, { bucket: b.bucket, reactions: held.reactions + b.reactions, ballots: held.ballots + b.ballots });
    }
    // A store down for hours: the oldest buckets go first, as the ring would drop them anyway.
    for (const old of [...p.buckets.keys()].sort((a, b) => a - b).slice(0, Math.max(0, p.buckets.size - MAX_BUCKETS))) p.buckets.delete(old);
  };

  async function flushBoard(boardId: string): Promise<void> {
    const p = pending.get(boardId);
    if (!p) return;
    pending.delete(boardId);
    const delta: ParticipationDelta = { peak: p.peak, devices: [...p.devices], buckets: [...p.buckets.values()] };
    try {
      await store.add(boardId, delta);
    } catch (err) {
      logger.warn({ err, board: boardId }, 'participation: counters not written, kept for the next flush');
      merge(boardId, delta);
    }
  }

  const flush = async (boardId?: string): Promise<void> => {
    for (const id of boardId === undefined ? [...pending.keys()] : [boardId]) await flushBoard(id);
  };
  let flushing: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (flushing || pending.size === 0) return;
    flushing = flush().finally(() => (flushing = null));
  }, options.flushMs ?? FLUSH_MS);
  timer.unref();

  return {
    joined(boardId, participantKey) {
      const p = of(boardId);
      if (p.devices.size < MAX_PENDING_DEVICES) p.devices.add(deviceHash(boardId, participantKey));
    },
    audience(boardId, count) {
      if (count > 0) of(boardId).peak = Math.max(of(boardId).peak, count);
    },
    action(boardId, name, now = Date.now()) {
      const kind = COUNTED_ACTIONS[name];
      if (!kind) return;
      const bucket = Math.floor(now / BUCKET_MS);
      const p = of(boardId);
      const held = p.buckets.get(bucket) ?? { bucket, reactions: 0, ballots: 0 };
      held[kind] += 1;
      p.buckets.set(bucket, held);
    },
    flush,
    discard: (boardId) => void pending.delete(boardId),
    async close() {
      clearInterval(timer);
      await flushing;
      await flush();
    }
  };
}
