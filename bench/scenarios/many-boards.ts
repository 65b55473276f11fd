/**
 * Many events at once: B boards, each its own event, each watched by N audience readers and
 * written by one panelist. First idle (every board loaded, its readers synced), then active:
 * every writer adds one card a second (at its own phase), for D seconds. Reports the server's
 * RSS and CPU per idle and per active board, and how fast each card reached its board's readers.
 */
import { closeAll, connectAll, createBoard, makeReaders, openWriters, type ConnectOptions, type Writer } from '../board.js';
import { planUpdates, scanMarkers } from '../cards.js';
import { sleep } from '../load.js';
import type { LightClient } from '../client.js';
import { cpuWindow, peakRssBytes, rssBytes } from '../proc.js';
import { encodeUpdate } from '../protocol.js';
import type { RunningServer } from '../servers.js';
import { LatencyHistogram, round } from '../stats.js';
import type { Figure, FiguresResult } from '../figures.js';

export interface ManyBoardsParams {
  boards: number;
  readersPerBoard: number;
  /** Cards per second each board's writer adds in the active phase. */
  cardsPerSecond: number;
  activeS: number;
  /** The idle window over which CPU is measured. */
  idleS: number;
  /** Every board's RSS, readers included, must stay under this when idle. */
  targetIdleMBPerBoard: number;
  connect: Omit<ConnectOptions, 'renewAwareness' | 'timeoutMs'>;
  timeoutMs: number;
}

/** Sequence numbers: board b's j-th card is b * SEQ_STRIDE + j. */
const SEQ_STRIDE = 10_000;
const SETTLE_MS = 3_000;
const DRAIN_MS = 3_000;

interface LoadedBoard {
  writer: Writer;
  readers: LightClient[];
  updates: Uint8Array[];
}

export async function runManyBoards(server: RunningServer, p: ManyBoardsParams): Promise<FiguresResult> {
  if (server.kind !== 'project') return { ok: true, problems: ['not applicable: the peers have no events or roles'], figures: [] };
  const connect = { ...p.connect, renewAwareness: p.connect.awareness, timeoutMs: p.timeoutMs };
  const cardsEach = Math.ceil(p.activeS * p.cardsPerSecond);
  const sentAt = new Float64Array(p.boards * SEQ_STRIDE);
  const latency = new LatencyHistogram();
  let delivered = 0;
  const loaded: LoadedBoard[] = [];
  const problems: string[] = [];
  await sleep(SETTLE_MS);
  const rssEmpty = rssBytes(server.pid);
  const loadStart = performance.now();
  try {
    for (let b = 0; b < p.boards; b++) {
      const board = await createBoard(server, 'audience');
      const [writer] = await openWriters(board, 1, connect);
      const readers = makeReaders(board, p.readersPerBoard, connect, {
        onUpdate: (_i, frame, at) => {
          scanMarkers(frame, 0, (seq) => {
            latency.record(at - sentAt[seq]);
            delivered++;
          });
        }
      });
      const failures = await connectAll(readers, p.readersPerBoard, p.timeoutMs);
      if (failures.length) problems.push(`board ${b}: ${failures.length} readers failed to join (${failures[0]})`);
      const seqs = Array.from({ length: cardsEach }, (_, j) => b * SEQ_STRIDE + j);
      loaded.push({ writer, readers, updates: planUpdates({ baseState: writer.baseState, boardId: board.boardId, writer, seqs }) });
    }
    const loadMs = performance.now() - loadStart;
    await sleep(SETTLE_MS);
    const idleCpu = cpuWindow(server.pid);
    await sleep(p.idleS * 1000);
    const idle = idleCpu.stop();
    const rssIdle = rssBytes(server.pid);

    const activeCpu = cpuWindow(server.pid);
    const periodMs = 1000 / p.cardsPerSecond;
    let sent = 0;
    await Promise.all(
      loaded.map(async ({ writer, updates }, b) => {
        await sleep((b / p.boards) * periodMs);
        const start = performance.now();
        for (let j = 0; j < updates.length; j++) {
          const wait = start + j * periodMs - performance.now();
          if (wait > 0) await sleep(wait);
          sentAt[b * SEQ_STRIDE + j] = performance.now();
          writer.client.sendFrame(encodeUpdate(updates[j]));
          sent++;
        }
      })
    );
    const expected = sent * p.readersPerBoard;
    const drainUntil = performance.now() + DRAIN_MS;
    while (delivered < expected && performance.now() < drainUntil) await sleep(50);
    const active = activeCpu.stop();
    const rssActive = rssBytes(server.pid);
    const lat = latency.summary();
    if (delivered < expected) problems.push(`${expected - delivered} of ${expected} deliveries lost`);
    const idleMBPerBoard = (rssIdle - rssEmpty) / p.boards / 2 ** 20;
    if (!(idleMBPerBoard < p.targetIdleMBPerBoard)) problems.push(`${round(idleMBPerBoard, 2)} MB per idle board, target < ${p.targetIdleMBPerBoard} MB`);
    const figures: Figure[] = [
      { label: 'boards loaded / connections', value: `${loaded.length} / ${loaded.length * (p.readersPerBoard + 1)}` },
      { label: 'boards loaded in ms', value: round(loadMs, 0) },
      { label: 'RSS per idle board MB (its readers in)', value: round(idleMBPerBoard, 2), better: 'lower' },
      { label: 'RSS empty → idle → active MB', value: `${round(rssEmpty / 2 ** 20)} → ${round(rssIdle / 2 ** 20)} → ${round(rssActive / 2 ** 20)}` },
      { label: 'RSS per active board MB', value: round((rssActive - rssEmpty) / p.boards / 2 ** 20, 2), better: 'lower' },
      { label: 'server CPU % idle (all boards)', value: round(idle.cpuPct) },
      { label: 'server CPU ms/s per idle board', value: round((10 * idle.cpuPct) / p.boards, 3), better: 'lower' },
      { label: 'server CPU % active (all boards)', value: round(active.cpuPct) },
      { label: 'server CPU ms/s per active board', value: round((10 * active.cpuPct) / p.boards, 2), better: 'lower' },
      { label: 'cards sent / delivered', value: `${sent} / ${delivered} of ${expected}` },
      { label: 'delivery p50 / p99 / max ms', value: `${lat.p50} / ${lat.p99} / ${lat.max}` },
      { label: 'server peak RSS MB (VmHWM)', value: round(peakRssBytes(server.pid) / 2 ** 20) }
    ];
    return { ok: problems.length === 0, problems, figures };
  } finally {
    for (const b of loaded) {
      closeAll(b.readers);
      b.writer.client.close();
    }
  }
}
