/**
 * The translation queue of one instance: jobs keyed by what they translate (a card, a
 * submission), so repeated edits make one job; each waits `settleMs` after its last schedule;
 * at most `concurrency` run at once; at most `maxQueued` wait (past that, new keys are dropped:
 * the original text simply stays untranslated). Nothing here blocks the caller.
 */
export interface SchedulerOptions {
  concurrency: number;
  maxQueued: number;
  settleMs: number;
  now?: () => number;
}

export interface Scheduler {
  /** Queues (or re-times) the job under `key`; false when the queue is full. */
  schedule(key: string, run: () => Promise<void>): boolean;
  /** Drops waiting jobs whose key starts with `prefix` (a board unloading). */
  drop(prefix: string): void;
  /** Resolves once nothing waits or runs. */
  idle(): Promise<void>;
  close(): void;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? Date.now;
  const waiting = new Map<string, { due: number; run: () => Promise<void> }>();
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let idlers: (() => void)[] = [];

  const settleIdle = (): void => {
    if (waiting.size > 0 || running > 0) return;
    const resolve = idlers;
    idlers = [];
    for (const r of resolve) r();
  };

  function pump(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (closed) return;
    const t = now();
    let next = Infinity;
    for (const [key, job] of waiting) {
      if (running >= options.concurrency) break;
      if (job.due > t) {
        next = Math.min(next, job.due);
        continue;
      }
      waiting.delete(key);
      running += 1;
      void job
        .run()
        .catch(() => undefined)
        .finally(() => {
          running -= 1;
          pump();
          settleIdle();
        });
    }
    if (next !== Infinity && running < options.concurrency) timer = setTimeout(pump, Math.max(0, next - t));
    settleIdle();
  }

  return {
    schedule(key, run) {
      if (closed) return false;
      if (!waiting.has(key) && waiting.size >= options.maxQueued) return false;
      waiting.delete(key); // re-inserted last: the order of waiting is the order of last edits
      waiting.set(key, { due: now() + options.settleMs, run });
      pump();
      return true;
    },
    drop(prefix) {
      for (const key of [...waiting.keys()]) if (key.startsWith(prefix)) waiting.delete(key);
      settleIdle();
    },
    idle: () => (waiting.size === 0 && running === 0 ? Promise.resolve() : new Promise((resolve) => idlers.push(resolve))),
    close() {
      closed = true;
      waiting.clear();
      if (timer) clearTimeout(timer);
      settleIdle();
    }
  };
}
