/**
 * Slots for the downloads that hold the server longest (PDF reports, event zips): at most `max`
 * per instance. A slot is freed when its response closes, however that happens (finished,
 * aborted by the reader, cut by the write timeout), and the writer is told to stop through the
 * slot's signal. A reader that accepts no byte for `writeTimeoutMs` while bytes wait for it is
 * cut: a stalled download must not hold a slot, nor its buffered bytes, for ever.
 */
import type { ServerResponse } from 'node:http';
import { HttpError } from '../http/http-util.js';

export interface ExportSlot {
  /** Aborted when the response closes before it finished. */
  readonly signal: AbortSignal;
  /** Idempotent. */
  release(): void;
}

export interface ExportSlots {
  /** A slot for this response, or HttpError 429 (with Retry-After set on `res`) when all are taken. */
  acquire(res: ServerResponse): ExportSlot;
  inUse(): number;
}

export interface ExportSlotsOptions {
  max: number;
  writeTimeoutMs: number;
  /** Seconds a refused reader is told to wait. */
  retryAfterS?: number;
}

/** Aborted when `res` closes before it finished (the reader went away). */
export function closedSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => res.writableFinished || controller.abort());
  return controller.signal;
}

/** Cuts `res` when bytes wait for its reader and none has moved for `timeoutMs`; returns the stopper. */
export function watchWrites(res: ServerResponse, timeoutMs: number): () => void {
  let last = -1;
  let lastMoved = Date.now();
  const timer = setInterval(
    () => {
      const written = res.socket?.bytesWritten ?? 0;
      const now = Date.now();
      if (written !== last || res.writableLength === 0) {
        last = written;
        lastMoved = now;
      } else if (now - lastMoved >= timeoutMs) res.destroy();
    },
    Math.max(10, Math.min(1000, timeoutMs / 4))
  );
  timer.unref();
  return () => clearInterval(timer);
}

export function createExportSlots(options: ExportSlotsOptions): ExportSlots {
  let used = 0;
  return {
    acquire(res) {
      if (used >= options.max) {
        res.setHeader('retry-after', String(options.retryAfterS ?? 5));
        throw new HttpError(429, 'rate-limited', 'Too many reports and zips are being downloaded; try again in a moment');
      }
      used += 1;
      const controller = new AbortController();
      const stopWatch = watchWrites(res, options.writeTimeoutMs);
      let held = true;
      const release = (): void => {
        if (!held) return;
        held = false;
        used -= 1;
        stopWatch();
      };
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
        release();
      });
      return { signal: controller.signal, release };
    },
    inUse: () => used
  };
}
