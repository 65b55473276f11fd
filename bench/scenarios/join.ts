/**
 * Join: N clients open a board that already holds K cards, all at once. A client has joined when
 * its sync step 2 arrived and holds all K card markers.
 */
import { closeAll, connectAll, createBoard, fillBoard, makeReaders, openWriters, type ConnectOptions, type ReaderRole } from '../board.js';
import { scanMarkers } from '../cards.js';
import { cpuWindow, machineWindow, peakRssBytes, rssBytes } from '../proc.js';
import { sleep } from '../load.js';
import type { RunningServer } from '../servers.js';
import { round, samplePercentile } from '../stats.js';

export interface JoinParams {
  readers: number;
  cards: number;
  readerRole: ReaderRole;
  connect: Omit<ConnectOptions, 'renewAwareness' | 'timeoutMs'>;
  timeoutMs: number;
}

export interface JoinResult {
  ok: boolean;
  problems: string[];
  /** From the first connect until the last client holds the whole board. */
  allJoinedMs: number;
  perClientMs: { p50: number; p95: number; max: number };
  joined: number;
  failed: number;
  /** Clients whose sync step 2 lacked some of the K cards. */
  incomplete: number;
  step2Bytes: number;
  populateMs: number;
  serverCpuPct: number;
  serverRssMB: number;
  serverPeakRssMB: number;
  /** CPU used by neither server nor generator during the join, % of one core. */
  backgroundCpuPct: number;
}

const POPULATE_TIMEOUT_MS = 60_000;

export async function runJoin(server: RunningServer, p: JoinParams): Promise<JoinResult> {
  const board = await createBoard(server, p.readerRole);
  const [writer] = await openWriters(board, 1, { ...p.connect, renewAwareness: false, timeoutMs: p.timeoutMs });
  const populateMs = await fillBoard(board, writer, p.cards, POPULATE_TIMEOUT_MS);
  await sleep(1_000);

  const complete = new Array<boolean>(p.readers).fill(false);
  let step2Bytes = 0;
  const readers = makeReaders(
    board,
    p.readers,
    { ...p.connect, renewAwareness: false, timeoutMs: p.timeoutMs },
    {
      onStep2: (i, frame) => {
        step2Bytes = frame.length;
        complete[i] = scanMarkers(frame, 2) >= p.cards;
      }
    }
  );
  try {
    const cpu = cpuWindow(server.pid);
    const machine = machineWindow();
    const gen0 = process.cpuUsage();
    const start = performance.now();
    const failures = await connectAll(readers, p.readers, p.timeoutMs);
    const usage = cpu.stop();
    const gen = process.cpuUsage(gen0);
    const genPct = (100 * (gen.user + gen.system)) / ((performance.now() - start) * 1000);
    const backgroundCpuPct = Math.max(0, machine.stop().busyPct - usage.cpuPct - genPct);
    const times = readers.filter((r) => r.state === 'synced').map((r) => r.syncedAt - r.startedAt);
    const allJoinedMs = Math.max(0, ...readers.filter((r) => r.state === 'synced').map((r) => r.syncedAt - start));
    const incomplete = readers.filter((r, i) => r.state === 'synced' && !complete[i]).length;
    const problems: string[] = [];
    if (failures.length) problems.push(`${failures.length} clients failed to join (${failures[0]})`);
    if (incomplete) problems.push(`${incomplete} clients got a sync step 2 without all ${p.cards} cards`);
    return {
      ok: problems.length === 0,
      problems,
      allJoinedMs: round(allJoinedMs, 0),
      perClientMs: {
        p50: round(samplePercentile(times, 0.5)),
        p95: round(samplePercentile(times, 0.95)),
        max: round(Math.max(0, ...times))
      },
      joined: times.length,
      failed: failures.length,
      incomplete,
      step2Bytes,
      populateMs: round(populateMs, 0),
      serverCpuPct: round(usage.cpuPct),
      serverRssMB: round(rssBytes(server.pid) / 2 ** 20),
      serverPeakRssMB: round(peakRssBytes(server.pid) / 2 ** 20),
      backgroundCpuPct: round(backgroundCpuPct)
    };
  } finally {
    closeAll(readers);
    writer.client.close();
  }
}
