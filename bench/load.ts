/**
 * The timed phase: a scheduler that sends pre-built card updates at a steady total rate, a log
 * of who received which card when, and a monitor of the generator itself (CPU, event-loop lag),
 * so a run can tell a slow server from a saturated load generator.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { scanMarkers } from './cards.js';
import type { LightClient } from './client.js';
import { LatencyHistogram, round, type LatencySummary } from './stats.js';

/**
 * A full garbage collection of the generator, now. Preparing a run (building every card's
 * update, seating 1,000 readers) leaves a large heap, and its first full collection came about
 * 0.6 s into the timed phase: two pauses of 100–220 ms in which no socket was read, so the
 * cards of the first second showed 300–600 ms to whichever server ran (profile of the generator,
 * bench/README.md). Collecting before the timed phase moves that pause out of it.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The index of the part that `i` falls in, given each part's end (exclusive). */
function partOf(ends: readonly number[], i: number): number {
  let part = 0;
  while (part < ends.length - 1 && i >= ends[part]) part++;
  return part;
}

/** A delivery slower than this counts as late (it is still a delivery). */
export const LATE_MS = 1_000;

export class DeliveryLog {
  readonly latency = new LatencyHistogram();
  readonly #sendTimes: Float64Array;
  /** Per card: when the first and the last reader got it (the breakdown of the latency). */
  readonly #firstAt: Float64Array;
  readonly #lastAt: Float64Array;
  readonly #seen: Uint8Array[];
  delivered = 0;
  duplicates = 0;
  late = 0;
  /** Markers for cards this run never sent (should stay 0). */
  foreign = 0;
  lastDeliveryAt = 0;

  /**
   * With several instances: latency by (instance the card was written on, instance the reader
   * is on), keyed `A→B`. Set by `byInstance`.
   */
  #routes: { readerInstance: (reader: number) => number; cardInstance: (seq: number) => number; hist: LatencyHistogram[][] } | null = null;

  /** Cards below this sequence number belong to the warm-up: not sent in the window, not counted. */
  readonly #firstTimed: number;

  constructor(cards: number, readers: number, firstTimed = 0) {
    this.#firstTimed = firstTimed;
    this.#sendTimes = new Float64Array(cards).fill(NaN);
    this.#firstAt = new Float64Array(cards).fill(NaN);
    this.#lastAt = new Float64Array(cards).fill(NaN);
    this.#seen = Array.from({ length: readers }, () => new Uint8Array(cards));
  }

  sent(seq: number, at: number): void {
    this.#sendTimes[seq] = at;
  }

  /** Scans a received update frame for card markers. */
  receive(reader: number, frame: Buffer, at: number): void {
    scanMarkers(frame, 2, (seq) => this.#record(reader, seq, at));
  }

  /**
   * Where the time goes, per card: `first` is the latency to the first reader (the server's
   * pipeline: receive, batch, persist, project), `spread` the time from the first reader to the
   * last (writing one frame per connection, and the generator reading them).
   */
  breakdown(): { first: LatencySummary; spread: LatencySummary } {
    const first = new LatencyHistogram();
    const spread = new LatencyHistogram();
    for (let seq = 0; seq < this.#sendTimes.length; seq++) {
      if (Number.isNaN(this.#firstAt[seq])) continue;
      first.record(this.#firstAt[seq] - this.#sendTimes[seq]);
      spread.record(this.#lastAt[seq] - this.#firstAt[seq]);
    }
    return { first: first.summary(), spread: spread.summary() };
  }

  /**
   * Keeps latency by route (writer's instance → reader's instance) too. Readers are numbered
   * instance by instance (`readerShares` each), and card `seq` goes out from writer seq % W,
   * the writers numbered the same way (`writerShares`).
   */
  byInstance(readerShares: readonly number[], writerShares: readonly number[], writers: number): void {
    const ends = (shares: readonly number[]) => shares.map((_, i) => shares.slice(0, i + 1).reduce((a, b) => a + b, 0));
    const readerEnds = ends(readerShares);
    const writerEnds = ends(writerShares);
    this.#routes = { readerInstance: (r) => partOf(readerEnds, r), cardInstance: (seq) => partOf(writerEnds, seq % writers), hist: [] };
  }

  /** Latency summaries by route, e.g. `A→A`, `A→B` (empty without `byInstance`). */
  routes(): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    const name = (i: number) => String.fromCharCode(65 + i);
    (this.#routes?.hist ?? []).forEach((row, from) => row.forEach((h, to) => (out[`${name(from)}→${name(to)}`] = h.summary())));
    return out;
  }

  /**
   * Per second of sending: the highest latency of a card sent in that second to its last reader.
   * Shows whether a tail is a start-up effect, periodic (a timer, GC) or spread over the run.
   */
  worstBySecond(): number[] {
    const t0 = this.#sendTimes.reduce((m, t) => (Number.isNaN(t) ? m : Math.min(m, t)), Infinity);
    const worst: number[] = [];
    for (let seq = 0; seq < this.#sendTimes.length; seq++) {
      const sent = this.#sendTimes[seq];
      if (Number.isNaN(sent) || Number.isNaN(this.#lastAt[seq])) continue;
      const s = Math.floor((sent - t0) / 1000);
      worst[s] = Math.max(worst[s] ?? 0, Math.round(this.#lastAt[seq] - sent));
    }
    return Array.from(worst, (w) => w ?? 0);
  }

  #record(reader: number, seq: number, at: number): void {
    if (seq < this.#firstTimed) return;
    const sentAt = seq < this.#sendTimes.length ? this.#sendTimes[seq] : NaN;
    if (Number.isNaN(sentAt)) {
      this.foreign++;
      return;
    }
    const seen = this.#seen[reader];
    if (seen[seq]) {
      this.duplicates++;
      return;
    }
    seen[seq] = 1;
    this.delivered++;
    this.lastDeliveryAt = at;
    if (Number.isNaN(this.#firstAt[seq]) || at < this.#firstAt[seq]) this.#firstAt[seq] = at;
    if (Number.isNaN(this.#lastAt[seq]) || at > this.#lastAt[seq]) this.#lastAt[seq] = at;
    const ms = at - sentAt;
    if (ms > LATE_MS) this.late++;
    this.latency.record(ms);
    if (this.#routes) {
      // no allocation per delivery: the generator's garbage collections land in every latency
      const row = (this.#routes.hist[this.#routes.cardInstance(seq)] ??= []);
      (row[this.#routes.readerInstance(reader)] ??= new LatencyHistogram()).record(ms);
    }
  }
}

export interface SendPlan {
  writers: readonly LightClient[];
  /** Frames per writer; card `seq` goes out from writer seq % W as its (seq / W)-th frame. */
  frames: readonly (readonly Uint8Array[])[];
  cards: number;
  ratePerS: number;
  onSent(seq: number, at: number): void;
  /** Hard stop for the send loop. */
  maxMs: number;
}

const TICK_MS = 2;

/** Sends `cards` frames spread evenly at `ratePerS` in total, catching up after a late tick. */
export function sendAtRate(plan: SendPlan): Promise<{ sent: number; elapsedMs: number }> {
  const w = plan.writers.length;
  const t0 = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(plan.cards, Math.floor(((now - t0) * plan.ratePerS) / 1000) + 1);
      while (sent < due) {
        const seq = sent++;
        plan.onSent(seq, performance.now());
        plan.writers[seq % w].sendFrame(plan.frames[seq % w][Math.floor(seq / w)]);
      }
      if (sent >= plan.cards || now - t0 > plan.maxMs) {
        resolve({ sent, elapsedMs: performance.now() - t0 });
      } else {
        setTimeout(tick, TICK_MS);
      }
    };
    tick();
  });
}

export interface GeneratorFigures {
  cpuPct: number;
  /** Kernel share of cpuPct (socket reads and writes). */
  sysPct: number;
  loopLagP99Ms: number;
  loopLagMaxMs: number;
}

/** Watches the generator's own process over a window. */
export function watchGenerator(): { stop(): GeneratorFigures } {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      lag.disable();
      const cpu = process.cpuUsage(cpu0);
      const wallUs = (performance.now() - t0) * 1000;
      return {
        cpuPct: round((100 * (cpu.user + cpu.system)) / wallUs),
        sysPct: round((100 * cpu.system) / wallUs),
        // the histogram includes the 10 ms sampling interval itself
        loopLagP99Ms: round(Math.max(0, lag.percentile(99) / 1e6 - 10)),
        loopLagMaxMs: round(Math.max(0, lag.max / 1e6 - 10))
      };
    }
  };
}

/**
 * Called at both ends of the timed window, just outside the servers' CPU readings, so that a
 * scenario can take figures of its own over the same window (e.g. Redis's counters).
 */
export interface WindowHooks {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Waits until `done()` or `ms` passes, polling every 20 ms. */
export async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** After the warm-up, before the timed phase: its deliveries drain. */
const WARMUP_SETTLE_MS = 1_000;

/**
 * The warm-up: the first `perWriter` frames of each writer, sent at the run's rate before the
 * timed phase and left out of every figure, so that the window measures servers whose write,
 * projection and relay paths are compiled, as in a server that has been up for a while. In the
 * two-instance runs the first 2-4 s otherwise carried the whole p99 (the instances' write path
 * cost 3× its later CPU per update while the JIT compiled it, on two shared cores). Then the
 * generator's garbage is collected. Returns the frames left for the timed phase.
 */
export async function warmUp(writers: readonly LightClient[], frames: readonly Uint8Array[][], perWriter: number, ratePerS: number): Promise<Uint8Array[][]> {
  if (perWriter > 0) {
    const warm = frames.map((f) => f.slice(0, perWriter));
    const cards = warm.reduce((n, f) => n + f.length, 0);
    await sendAtRate({ writers, frames: warm, cards, ratePerS, onSent: () => {}, maxMs: (cards / ratePerS) * 3_000 + 10_000 });
    await sleep(WARMUP_SETTLE_MS);
  }
  collectGarbage();
  return frames.map((f) => f.slice(perWriter));
}

interface Traffic {
  bytes: number;
  syncBytes: number;
  awarenessFrames: number;
}

/** What the readers have received so far (a window's figures are differences). */
export function traffic(readers: readonly LightClient[]): Traffic {
  const t: Traffic = { bytes: 0, syncBytes: 0, awarenessFrames: 0 };
  for (const r of readers) {
    t.bytes += r.bytesIn;
    t.syncBytes += r.syncBytesIn;
    t.awarenessFrames += r.awarenessFramesIn;
  }
  return t;
}
