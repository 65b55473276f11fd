/**
 * QR-code stampede: the moderator shows the QR code and the hall scans it within seconds.
 * P phones start at even intervals over S seconds onto a board of K cards, each doing what its
 * browser does (bench/phone.ts: the pages and the files they load over HTTP, the join lookup,
 * its identity, then Yjs and socket.io), from A loopback addresses (A = 1: the whole hall
 * behind one venue NAT). Every per-address limit stays as shipped. Reports per phone the time
 * until it holds the board, refusals and errors, and the server's peak RSS and CPU.
 */
import { createBoard, fillBoard, openWriters, type ConnectOptions } from '../board.js';
import { sleep, watchGenerator } from '../load.js';
import { openPhone, siteAssets, type OpenPhone } from '../phone.js';
import { cpuWindow, machineWindow, peakRssBytes, rssBytes } from '../proc.js';
import type { RunningServer } from '../servers.js';
import { round, samplePercentile } from '../stats.js';
import type { Figure, FiguresResult } from '../figures.js';

export interface StampedeParams {
  phones: number;
  overMs: number;
  cards: number;
  addresses: number;
  /** Every phone must hold the board within this, at p99. */
  targetP99Ms: number;
  connect: Omit<ConnectOptions, 'renewAwareness' | 'timeoutMs'>;
  timeoutMs: number;
}

/** The phones stay connected this long after the last one started, as a hall does. */
const HOLD_MS = 3_000;

/** 127.0.0.2, 127.0.0.3, …: the i-th of `count` addresses. */
const addressOf = (i: number, count: number): string => {
  const n = 2 + (i % count);
  return `127.0.${Math.floor(n / 256)}.${n % 256}`;
};

export async function runStampede(server: RunningServer, p: StampedeParams): Promise<FiguresResult> {
  if (server.kind !== 'project') return { ok: true, problems: ['not applicable: the peers serve no pages, join codes or identities'], figures: [] };
  const assets = await siteAssets();
  const board = await createBoard(server, 'audience');
  const [writer] = await openWriters(board, 1, { ...p.connect, renewAwareness: false, timeoutMs: p.timeoutMs });
  await fillBoard(board, writer, p.cards);
  const session = (await (await fetch(`${server.httpUrl}/api/boards/${board.boardId}?t=${encodeURIComponent(board.projectorToken ?? '')}`)).json()) as { joinUrl: string };
  const qr = new URL(session.joinUrl);
  const qrPath = qr.pathname + qr.search;
  await sleep(1_000);

  const open: OpenPhone[] = [];
  const rssBefore = rssBytes(server.pid);
  const cpu = cpuWindow(server.pid);
  const machine = machineWindow();
  const generator = watchGenerator();
  const start = performance.now();
  const interval = p.overMs / p.phones;
  try {
    const runs = Array.from({ length: p.phones }, async (_, i) => {
      await sleep(i * interval);
      const phone = await openPhone({ httpUrl: server.httpUrl, qrPath, assets, localAddress: addressOf(i, p.addresses), cards: p.cards, timeoutMs: p.timeoutMs });
      open.push(phone);
      return phone.result;
    });
    const results = await Promise.all(runs);
    const wallMs = performance.now() - start;
    await sleep(HOLD_MS);
    const usage = cpu.stop();
    const gen = generator.stop();
    const otherPct = Math.max(0, machine.stop().busyPct - usage.cpuPct - gen.cpuPct);
    const rssHeld = rssBytes(server.pid);
    const held = results.filter((r) => r.ok);
    const times = held.map((r) => r.boardMs);
    const refused = results.filter((r) => r.refused).length;
    const errors = results.filter((r) => !r.ok && !r.refused);
    const p99 = samplePercentile(times, 0.99);
    const problems: string[] = [];
    if (refused) problems.push(`${refused} phones refused (${results.find((r) => r.refused)?.error})`);
    if (errors.length) problems.push(`${errors.length} phones failed (${errors[0].error})`);
    if (!(p99 <= p.targetP99Ms)) problems.push(`p99 ${round(p99, 0)} ms to hold the board, target ≤ ${p.targetP99Ms} ms`);
    const figures: Figure[] = [
      { label: 'phones holding the board', value: `${held.length} / ${p.phones}` },
      { label: 'refused / failed', value: `${refused} / ${errors.length}`, better: 'lower' },
      { label: 'board in hand p50 ms', value: round(samplePercentile(times, 0.5), 0), better: 'lower' },
      { label: 'board in hand p95 ms', value: round(samplePercentile(times, 0.95), 0), better: 'lower' },
      { label: 'board in hand p99 ms', value: round(p99, 0), better: 'lower' },
      { label: 'board in hand max ms', value: round(Math.max(0, ...times), 0), better: 'lower' },
      {
        label: 'HTTP part p50 / p99 ms',
        value: `${round(
          samplePercentile(
            held.map((r) => r.httpMs),
            0.5
          ),
          0
        )} / ${round(
          samplePercentile(
            held.map((r) => r.httpMs),
            0.99
          ),
          0
        )}`
      },
      { label: 'last phone holds the board at ms', value: round(wallMs, 0) },
      { label: 'GETs sent again (connection closed under them)', value: results.reduce((n, r) => n + r.retried, 0) },
      { label: 'HTTP requests per phone / KB', value: `${held[0]?.requests ?? 0} / ${round((held[0]?.bytes ?? 0) / 1024, 0)}` },
      { label: 'server peak RSS MB (VmHWM)', value: round(peakRssBytes(server.pid) / 2 ** 20), better: 'lower' },
      { label: 'server RSS before → phones held MB', value: `${round(rssBefore / 2 ** 20)} → ${round(rssHeld / 2 ** 20)}` },
      { label: 'server CPU %', value: round(usage.cpuPct) },
      { label: 'server CPU ms per phone', value: round((1000 * usage.cpuSeconds) / p.phones, 2), better: 'lower' },
      { label: 'generator CPU % / loop lag p99 ms / other load %', value: `${gen.cpuPct} / ${gen.loopLagP99Ms} / ${round(otherPct)}` }
    ];
    return { ok: problems.length === 0, problems, figures };
  } finally {
    for (const phone of open) phone.close();
    writer.client.close();
  }
}
