/**
 * Fan-out: W writers insert cards at R per second for D seconds into one board that N light
 * readers watch; every card must reach every reader.
 */
import type { LightClient } from '../client.js';
import { closeAll, connectAll, createBoard, makeReaders, openWriters, type BenchBoard, type ReaderRole, type Writer } from '../board.js';
import { planUpdates } from '../cards.js';
import { encodeUpdate } from '../protocol.js';
import { cpuWindow, machineWindow, peakRssBytes, rssBytes } from '../proc.js';
import { DeliveryLog, sendAtRate, traffic, warmUp, sleep, waitFor, watchGenerator, type GeneratorFigures, type WindowHooks } from '../load.js';
import type { RedisCost } from '../redis-cost.js';
import type { RunningServer } from '../servers.js';
import type { TransportKind } from '../transport.js';
import type { LatencySummary } from '../stats.js';
import { round } from '../stats.js';

export interface FanoutParams {
  readers: number;
  writers: number;
  ratePerS: number;
  durationS: number;
  /** Clients send an awareness state on join. */
  awareness: boolean;
  awarenessRenewal: boolean;
  readerRole: ReaderRole;
  transport: TransportKind;
  deflate: boolean;
  /** Seconds of cards at rate R sent before the timed phase and left out of its figures (warmUp). */
  warmupS: number;
  /** How long to wait for outstanding deliveries after the last send. */
  drainMs: number;
  /** Generator event-loop lag (p99) above which its timing is not trusted. */
  maxGeneratorLagMs: number;
}

export interface FanoutResult {
  ok: boolean;
  problems: string[];
  /** The server could not seat all readers in the connect phase, so no load was sent. */
  unseated?: true;
  latencyMs: LatencySummary;
  /** Per card: latency to its first reader, and the spread from its first reader to its last. */
  firstReaderMs?: LatencySummary;
  spreadMs?: LatencySummary;
  /** Several instances: latency by route, writer's instance → reader's instance (`A→B`). */
  routesMs?: Record<string, LatencySummary>;
  /** Per second of sending, the worst latency of a card to its last reader (ms). */
  worstBySecondMs?: number[];
  /** Writers actually used (see writerCount). */
  writersUsed: number;
  cardsSent: number;
  expected: number;
  delivered: number;
  lost: number;
  late: number;
  duplicates: number;
  targetRatePerS: number;
  achievedRatePerS: number;
  serverCpuPct: number;
  /** Server CPU time per delivered card: less sensitive to other load than latency is. */
  serverCpuUsPerDelivery: number;
  serverRssMB: number;
  serverPeakRssMB: number;
  rssPerIdleClientKB: number;
  connectAllMs: number;
  bytesPerDeliveredCard: number;
  syncBytesPerDeliveredCard: number;
  awarenessFramesPerReaderPerS: number;
  readerDisconnects: number;
  /** Full-state resyncs the server sent readers during the run (back-pressure recovery). */
  resyncs: number;
  wsExtensions: string;
  /** CPU used by neither server nor generator (other processes on the machine), % of one core. */
  backgroundCpuPct: number;
  stealPct: number;
  generator: GeneratorFigures & { limited: boolean; why: string | null };
  /** Two instances behind Redis (scenarios/redis.ts): Redis's own cost over the same window; null if unread. */
  redis?: RedisCost | null;
}

const CONNECT_CONCURRENCY = 100;
/** Cards per second one writer sends at most: our server closes a connection past 300 frames/s. */
const MAX_WRITER_RATE = 200;

/** W, or more writers when R / W would exceed one writer's realistic maximum. */
export const writerCount = (p: FanoutParams): number => Math.max(p.writers, Math.ceil(p.ratePerS / MAX_WRITER_RATE));
const CONNECT_TIMEOUT_MS = 20_000;
/** The whole connect phase; a server that cannot seat N readers by then fails the run. */
const CONNECT_PHASE_MS = 30_000;
const SETTLE_MS = 1_500;

const mb = (bytes: number) => round(bytes / 2 ** 20);

function planFrames(writers: readonly Writer[], boardId: string, cards: number): Uint8Array[][] {
  return writers.map((writer, w) => {
    const seqs: number[] = [];
    for (let seq = w; seq < cards; seq += writers.length) seqs.push(seq);
    return planUpdates({ baseState: writer.baseState, boardId, writer, seqs }).map(encodeUpdate);
  });
}

function notSeated(p: FanoutParams, failures: string[], connectAllMs: number): FanoutResult {
  const none = { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  return {
    ok: false,
    problems: [`${failures.length} of ${p.readers} readers failed to join (${failures[0]}); no load sent`],
    unseated: true,
    latencyMs: none,
    writersUsed: writerCount(p),
    cardsSent: 0,
    expected: 0,
    delivered: 0,
    lost: 0,
    late: 0,
    duplicates: 0,
    targetRatePerS: p.ratePerS,
    achievedRatePerS: 0,
    serverCpuPct: NaN,
    serverCpuUsPerDelivery: NaN,
    serverRssMB: NaN,
    serverPeakRssMB: NaN,
    rssPerIdleClientKB: NaN,
    connectAllMs: round(connectAllMs, 0),
    bytesPerDeliveredCard: NaN,
    syncBytesPerDeliveredCard: NaN,
    awarenessFramesPerReaderPerS: NaN,
    readerDisconnects: 0,
    resyncs: 0,
    wsExtensions: '',
    backgroundCpuPct: NaN,
    stealPct: NaN,
    generator: { cpuPct: NaN, sysPct: NaN, loopLagP99Ms: NaN, loopLagMaxMs: NaN, limited: false, why: null }
  };
}

/** Generator CPU (% of a core) above which its event-loop lag is its own doing, not other load's. */
const GENERATOR_BUSY_PCT = 70;

function generatorLimit(p: FanoutParams, achieved: number, g: GeneratorFigures): string | null {
  if (achieved < 0.95 * p.ratePerS) return `achieved rate ${round(achieved)}/s < 95% of ${p.ratePerS}/s`;
  if (g.loopLagP99Ms > p.maxGeneratorLagMs && g.cpuPct >= GENERATOR_BUSY_PCT) {
    return `generator busy (${g.cpuPct}% CPU) with event-loop lag p99 ${g.loopLagP99Ms} ms > ${p.maxGeneratorLagMs} ms`;
  }
  return null;
}

function problemsOf(p: FanoutParams, log: DeliveryLog, lost: number, disconnects: number): string[] {
  const problems: string[] = [];
  if (lost > 0) problems.push(`${lost} deliveries lost (not received ${p.drainMs} ms after the last send)`);
  if (disconnects) problems.push(`${disconnects} readers disconnected`);
  if (log.foreign) problems.push(`${log.foreign} unknown card markers`);
  return problems;
}

interface Seated {
  readers: LightClient[];
  writers: Writer[];
  frames: Uint8Array[][];
  /** Warm-up frames at the start of each writer's frames. */
  warmPerWriter: number;
  log: DeliveryLog;
  connectAllMs: number;
  rssPerIdleClientKB: number;
}

/** The timed phase: send at rate, drain, and take every figure of the window. */
async function load(servers: readonly RunningServer[], p: FanoutParams, s: Seated, hooks?: WindowHooks): Promise<FanoutResult> {
  const { readers, log } = s;
  const timed = await warmUp(
    s.writers.map((w) => w.client),
    s.frames,
    s.warmPerWriter,
    p.ratePerS
  );
  const warm = s.warmPerWriter * s.writers.length;
  const before = traffic(readers);
  await hooks?.start();
  const cpus = servers.map((server) => cpuWindow(server.pid));
  const gen = watchGenerator();
  const machine = machineWindow();
  const tSend = performance.now();
  const send = await sendAtRate({
    writers: s.writers.map((w) => w.client),
    frames: timed,
    cards: timed.reduce((n, f) => n + f.length, 0),
    ratePerS: p.ratePerS,
    onSent: (seq, at) => log.sent(warm + seq, at),
    maxMs: p.durationS * 3_000 + 10_000
  });
  const expected = send.sent * p.readers;
  await waitFor(() => log.delivered >= expected, p.drainMs);
  const windowS = (performance.now() - tSend) / 1000;
  const generator = gen.stop();
  // several instances: their CPU and RSS are summed
  const serverCpu = cpus.map((c) => c.stop()).reduce((a, b) => ({ cpuPct: a.cpuPct + b.cpuPct, cpuSeconds: a.cpuSeconds + b.cpuSeconds, wallSeconds: b.wallSeconds }));
  await hooks?.stop();
  const busy = machine.stop();
  const after = traffic(readers);
  // the first card leaves at t = 0, so n cards on schedule take (n - 1) / R seconds
  const achieved = send.sent > 1 ? ((send.sent - 1) * 1000) / send.elapsedMs : p.ratePerS;
  const lost = expected - log.delivered;
  const disconnects = readers.filter((r) => r.closeCode !== null).length;
  const problems = problemsOf(p, log, lost, disconnects);
  const why = generatorLimit(p, achieved, generator);
  const perDelivery = (bytes: number) => round(bytes / Math.max(1, log.delivered));
  const breakdown = log.breakdown();
  return {
    ok: problems.length === 0,
    problems,
    latencyMs: log.latency.summary(),
    firstReaderMs: breakdown.first,
    spreadMs: breakdown.spread,
    worstBySecondMs: log.worstBySecond(),
    ...(servers.length > 1 ? { routesMs: log.routes() } : {}),
    writersUsed: s.writers.length,
    cardsSent: send.sent,
    expected,
    delivered: log.delivered,
    lost,
    late: log.late,
    duplicates: log.duplicates,
    targetRatePerS: p.ratePerS,
    achievedRatePerS: round(achieved),
    serverCpuPct: round(serverCpu.cpuPct),
    serverCpuUsPerDelivery: round((serverCpu.cpuSeconds * 1e6) / Math.max(1, log.delivered), 2),
    serverRssMB: mb(sum(servers, (server) => rssBytes(server.pid))),
    serverPeakRssMB: mb(sum(servers, (server) => peakRssBytes(server.pid))),
    rssPerIdleClientKB: s.rssPerIdleClientKB,
    connectAllMs: s.connectAllMs,
    bytesPerDeliveredCard: perDelivery(after.bytes - before.bytes),
    syncBytesPerDeliveredCard: perDelivery(after.syncBytes - before.syncBytes),
    awarenessFramesPerReaderPerS: round((after.awarenessFrames - before.awarenessFrames) / Math.max(1, p.readers) / windowS),
    readerDisconnects: disconnects,
    resyncs: readers.reduce((n, r) => n + r.resyncs, 0),
    wsExtensions: readers[0]?.extensions ?? '',
    backgroundCpuPct: round(Math.max(0, busy.busyPct - serverCpu.cpuPct - generator.cpuPct)),
    stealPct: round(busy.stealPct),
    generator: { ...generator, limited: why !== null, why }
  };
}

const sum = <T>(xs: readonly T[], f: (x: T) => number): number => xs.reduce((n, x) => n + f(x), 0);

/** The same board, reached through another instance (the board was created on `from`). */
function boardOn(board: BenchBoard, from: RunningServer, to: RunningServer): BenchBoard {
  const move = (url: string) => (url.startsWith(from.wsUrl) ? to.wsUrl + url.slice(from.wsUrl.length) : url);
  return { ...board, writerUrl: (d) => move(board.writerUrl(d)), readerUrl: (d) => move(board.readerUrl(d)) };
}

/** `total` split as evenly as possible over `parts` (the first parts get the remainder). */
const split = (total: number, parts: number): number[] => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

export async function runFanout(server: RunningServer, p: FanoutParams): Promise<FanoutResult> {
  return runFanoutOn([server], p);
}

/**
 * Fan-out over one or more instances that share the board (e.g. through Redis): the board is
 * created on the first, and readers and writers are split evenly over all of them. CPU and RSS
 * are the instances' sums. `hooks` run at both ends of the timed window.
 */
export async function runFanoutOn(servers: readonly RunningServer[], p: FanoutParams, hooks?: WindowHooks): Promise<FanoutResult> {
  const connect = {
    transport: p.transport,
    deflate: p.deflate,
    awareness: p.awareness,
    renewAwareness: p.awarenessRenewal,
    timeoutMs: CONNECT_TIMEOUT_MS
  };
  const first = servers[0];
  const created = await createBoard(first, p.readerRole);
  const boards = servers.map((s) => boardOn(created, first, s));
  const writerShares = split(writerCount(p), servers.length);
  const readerShares = split(p.readers, servers.length);
  const writers: Writer[] = [];
  const warmPerWriter = Math.ceil((p.ratePerS * p.warmupS) / writerCount(p));
  const cards = warmPerWriter * writerCount(p) + Math.max(1, Math.round(p.ratePerS * p.durationS));
  const log = new DeliveryLog(cards, p.readers, warmPerWriter * writerCount(p));
  if (servers.length > 1) log.byInstance(readerShares, writerShares, writerCount(p));
  const readers: LightClient[] = [];
  try {
    for (let i = 0; i < servers.length; i++) writers.push(...(await openWriters(boards[i], writerShares[i], connect)));
    for (let i = 0; i < servers.length; i++) {
      const offset = readers.length;
      readers.push(...makeReaders(boards[i], readerShares[i], connect, { onUpdate: (r, frame, at) => log.receive(offset + r, frame, at) }));
    }
    const frames = planFrames(writers, created.boardId, cards);
    const rssEmpty = sum(servers, (s) => rssBytes(s.pid));
    const t0 = performance.now();
    const failures = await connectAll(readers, CONNECT_CONCURRENCY, CONNECT_TIMEOUT_MS, CONNECT_PHASE_MS);
    const connectAllMs = round(performance.now() - t0, 0);
    if (failures.length) return notSeated(p, failures, connectAllMs);
    await sleep(SETTLE_MS);
    const rssPerIdleClientKB = round((sum(servers, (s) => rssBytes(s.pid)) - rssEmpty) / Math.max(1, p.readers) / 1024);
    return await load(servers, p, { readers, writers, frames, warmPerWriter, log, connectAllMs, rssPerIdleClientKB }, hooks);
  } finally {
    closeAll(readers);
    closeAll(writers.map((w) => w.client));
  }
}
