/**
 * One worker thread per instance for the work that costs seconds on a big board (JSON import,
 * replay decoding, PDF rendering), so the event loop that serves the hall never runs it.
 *
 * - One job at a time; at most `queueLength` wait behind it. A job beyond that is refused at
 *   once (HeavyBusyError → 503 + Retry-After) unless it belongs to a download already admitted
 *   (the reports inside a zip), which the export slots bound instead.
 * - At most `perKey` jobs per key (an event) running or waiting: one event cannot take the
 *   whole queue from the others.
 * - A job that runs past `jobTimeoutMs`, or whose request goes away, terminates the worker.
 * - The worker's heap is capped (`heapMb`): a job that needs more fails alone.
 * - An idle worker exits after `idleMs`, returning its heap to the system; the next job starts
 *   a fresh one (tens of ms, on the worker's own thread).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { HeavyResults, JobKind, JobOf, JobMessage, WorkerMessage } from './jobs.js';

export class HeavyBusyError extends Error {
  override name = 'HeavyBusyError';
  constructor(readonly retryAfterS: number) {
    super('The server is busy with other imports, replays or reports; try again in a moment');
  }
}

export type HeavyFailure = 'timeout' | 'memory' | 'aborted' | 'crashed' | 'failed' | 'closed';

export class HeavyJobError extends Error {
  override name = 'HeavyJobError';
  constructor(
    readonly failure: HeavyFailure,
    message: string
  ) {
    super(message);
  }
}

export interface HeavyPoolOptions {
  queueLength: number;
  jobTimeoutMs: number;
  heapMb: number;
  /** Jobs one key may have running or waiting (default 2). */
  perKey?: number;
  /** An idle worker exits after this long (default 2 s). */
  idleMs?: number;
  logger: Logger;
}

export interface RunOptions {
  /** Aborting drops a waiting job, or stops the running one (its worker is terminated). */
  signal?: AbortSignal;
  /** Receives a PDF's bytes in order, before the job resolves. */
  onChunk?: (chunk: Uint8Array) => void;
  /** Waits even when the queue is full: part of a download that is already admitted. */
  admitted?: boolean;
  /** Whose job this is (an event id), for the per-key share of the queue. */
  key?: string;
}

export interface HeavyPool {
  run<K extends JobKind>(job: JobOf<K>, options?: RunOptions): Promise<HeavyResults[K]>;
  /** Jobs running (0 or 1) and waiting; whether a worker thread exists now. */
  load(): { running: number; queued: number; worker: boolean };
  close(): Promise<void>;
}

interface Pending {
  id: number;
  message: JobMessage;
  options: RunOptions;
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

/** The bundled worker beside dist/server/main.js, else the sources through tsx. */
function workerUrl(): URL {
  const bundled = new URL('./heavy-worker.js', import.meta.url);
  return existsSync(fileURLToPath(bundled)) ? bundled : new URL('./worker-dev.mjs', import.meta.url);
}

export function createHeavyPool(options: HeavyPoolOptions): HeavyPool {
  const idleMs = options.idleMs ?? 2_000;
  const perKey = options.perKey ?? 2;
  const queue: Pending[] = [];
  let current: Pending | null = null;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  let closed = false;

  function spawn(): Worker {
    const w = new Worker(workerUrl(), { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } });
    w.unref();
    w.on('message', (m: WorkerMessage) => onMessage(m));
    w.on('error', (err: Error & { code?: string }) => lost(w, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed', err.message));
    w.on('exit', (code) => lost(w, 'crashed', `worker exited with code ${code}`));
    return w;
  }

  function kill(): void {
    const w = worker;
    worker = null;
    if (w) void w.terminate();
  }

  /** The worker died (error, OOM or exit): the running job fails; the next one gets a new worker. */
  function lost(w: Worker, failure: HeavyFailure, message: string): void {
    if (w !== worker) return;
    worker = null;
    if (current) {
      options.logger.warn({ failure, message }, 'heavy job lost its worker');
      settle(current, new HeavyJobError(failure, failure === 'memory' ? 'The job needed more memory than a worker may use' : 'The job failed'));
    }
  }

  function onMessage(m: WorkerMessage): void {
    const p = current;
    if (!p || m.id !== p.id) return;
    if (m.type === 'chunk') p.options.onChunk?.(m.chunk);
    else if (m.type === 'done') settle(p, null, m.result);
    else {
      options.logger.error({ job: p.message.job.kind, message: m.message }, 'heavy job failed');
      settle(p, new HeavyJobError('failed', m.message));
    }
  }

  function settle(p: Pending, err: Error | null, result?: unknown): void {
    if (p.timer) clearTimeout(p.timer);
    if (p.onAbort) p.options.signal?.removeEventListener('abort', p.onAbort);
    if (current === p) current = null;
    else {
      const i = queue.indexOf(p);
      if (i >= 0) queue.splice(i, 1);
    }
    if (err) p.reject(err);
    else p.resolve(result);
    pump();
  }

  function pump(): void {
    if (current || closed) return;
    const next = queue.shift();
    if (!next) {
      if (worker && !idleTimer) idleTimer = setTimeout(() => ((idleTimer = null), current || queue.length > 0 || kill()), idleMs).unref();
      return;
    }
    if (idleTimer) {
      clearTimeout(idleTimer);
      idleTimer = null;
    }
    current = next;
    next.timer = setTimeout(() => {
      kill();
      settle(next, new HeavyJobError('timeout', `The job took longer than ${options.jobTimeoutMs} ms`));
    }, options.jobTimeoutMs);
    worker ??= spawn();
    worker.postMessage(next.message);
  }

  return {
    run<K extends JobKind>(job: JobOf<K>, runOptions: RunOptions = {}): Promise<HeavyResults[K]> {
      if (closed) return Promise.reject(new HeavyJobError('closed', 'The server is shutting down'));
      if (runOptions.signal?.aborted) return Promise.reject(new HeavyJobError('aborted', 'The request went away'));
      const waiting = queue.length + (current ? 1 : 0);
      if (!runOptions.admitted && current && queue.length >= options.queueLength) return Promise.reject(new HeavyBusyError(Math.min(30, 2 * waiting)));
      const key = runOptions.key;
      if (!runOptions.admitted && key !== undefined && [current, ...queue].filter((q) => q?.options.key === key).length >= perKey)
        return Promise.reject(new HeavyBusyError(Math.min(30, 2 * waiting)));
      return new Promise<HeavyResults[K]>((resolve, reject) => {
        const id = nextId++;
        const p: Pending = { id, message: { id, job }, options: runOptions, resolve: resolve as (r: unknown) => void, reject };
        if (runOptions.signal) {
          p.onAbort = () => {
            if (current === p) kill();
            settle(p, new HeavyJobError('aborted', 'The request went away'));
          };
          runOptions.signal.addEventListener('abort', p.onAbort, { once: true });
        }
        queue.push(p);
        pump();
      });
    },
    load: () => ({ running: current ? 1 : 0, queued: queue.length, worker: worker !== null }),
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      for (const p of [...queue, ...(current ? [current] : [])]) settle(p, new HeavyJobError('closed', 'The server is shutting down'));
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    }
  };
}
