/**
 * The retention sweep (docs/privacy.md §6): every LIMIT_RETENTION_SWEEP_MS, one instance (the
 * one that takes the lock) asks the store's retention index for events whose period has ended
 * and purges a bounded batch of them, one after another, off the request path. What a batch
 * leaves is taken by the next sweep.
 */
import type { Logger } from 'pino';
import type { EventStore } from '../event-store.js';
import type { SweepLock } from './lock.js';

export interface SweeperOptions {
  events: Pick<EventStore, 'expiredEvents'>;
  /** Purges one event (purge.ts); false when it was already gone. */
  purge(eventId: string): Promise<boolean>;
  lock: SweepLock;
  intervalMs: number;
  logger: Logger;
  /** Events purged per sweep at most. */
  batch?: number;
  /** How long the lock is held at most (a dead instance frees it after this). */
  lockMs?: number;
  now?: () => number;
}

export interface Sweeper {
  /** Runs one sweep now (waiting for one already running); the number of events purged. */
  sweepNow(): Promise<number>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

export function startRetentionSweeper(options: SweeperOptions): Sweeper {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const batch = options.batch ?? 10;
  let running: Promise<number> | null = null;
  let stopped = false;

  async function sweep(): Promise<number> {
    const release = await options.lock.acquire(options.lockMs ?? 5 * 60_000);
    if (!release) return 0;
    let purged = 0;
    try {
      for (const eventId of await options.events.expiredEvents(now(), batch)) {
        if (stopped) break;
        try {
          if (await options.purge(eventId)) purged += 1;
        } catch (err) {
          // The next sweep tries again: every step of a purge is idempotent.
          logger.error({ err, event: eventId }, 'retention purge failed; retrying on the next sweep');
        }
      }
    } finally {
      await release().catch((err: unknown) => logger.warn({ err }, 'retention lock not released; it expires by itself'));
    }
    return purged;
  }

  const sweepNow = (): Promise<number> => {
    running ??= sweep().finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => {
    if (running) return;
    sweepNow().catch((err: unknown) => logger.error({ err }, 'retention sweep failed'));
  }, options.intervalMs);
  timer.unref();

  return {
    sweepNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    }
  };
}
