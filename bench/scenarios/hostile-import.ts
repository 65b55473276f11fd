/**
 * Hostile cost of the JSON import (issue 13, finding 4): the largest board an import accepts
 * (hostile-board.ts) is imported once, then three times at once, into a fresh server. While it
 * runs, a probe loop asks GET /healthz back to back: a probe's time is how long the event loop
 * kept everyone waiting (loop lag as the hall feels it, CPU contention on the machine
 * included). The server also measures its own event-loop delay (bench/loop-lag.mjs, preloaded).
 * Reports both p99 and max, the server's RSS before, its peak (VmHWM) and after a few idle
 * seconds (a worker that exits returns its heap).
 */

const LAG_PRELOAD = resolve('bench/loop-lag.mjs');
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { peakRssBytes, rssBytes } from '../proc.js';
import { serverNodeFlags, setServerNodeFlags, startServer, type RunningServer } from '../servers.js';
import { LatencyHistogram, round } from '../stats.js';
import { largestBoard } from './hostile-board.js';

export interface HostileImportParams {
  /** Imports at once in the second round (the issue measured three). */
  concurrent: number;
  /** Idle time before the RSS after (ms). */
  settleMs: number;
}

export interface ImportRound {
  statuses: number[];
  wallMs: number;
  /** The server's own event-loop delay during the round. */
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** GET /healthz round trips during the round. */
  probes: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

export interface HostileImportResult {
  ok: boolean;
  problems: string[];
  boardBytes: number;
  cards: number;
  votes: number;
  single: ImportRound;
  concurrent: ImportRound;
  rssBeforeMB: number;
  peakRssMB: number;
  rssAfterMB: number;
}

/** Probes /healthz back to back until stopped; each probe's round trip goes into the histogram. */
function probeLoop(url: string): { stop(): Promise<LatencyHistogram> } {
  const hist = new LatencyHistogram();
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        await (await fetch(`${url}/healthz`)).arrayBuffer();
      } catch {
        /* counted by its time like any other probe */
      }
      hist.record(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return hist;
    }
  };
}

/** The server's event-loop delay since the last call (SIGUSR2 to the preload). */
async function serverLag(server: RunningServer, file: string): Promise<{ p99Ms: number; maxMs: number }> {
  rmSync(file, { force: true });
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 20));
  return JSON.parse(readFileSync(file, 'utf8')) as { p99Ms: number; maxMs: number };
}

/** A new event's import path (with its moderator token). */
async function importPath(server: RunningServer): Promise<string> {
  const created = await fetch(`${server.httpUrl}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.httpUrl },
    body: JSON.stringify({ title: 'Hostile import', date: '2026-12-02', place: 'Praha', template: 'integration', lang: 'cs' })
  });
  if (!created.ok) throw new Error(`POST /api/events: ${created.status} ${await created.text()}`);
  const event = (await created.json()) as { eventId: string; links: Record<string, { moderator: string }> };
  const token = new URL(Object.values(event.links)[0].moderator).searchParams.get('t') ?? '';
  return `/api/events/${event.eventId}/import?t=${token}`;
}

async function importRound(server: RunningServer, lagFile: string, paths: string[], body: string): Promise<ImportRound> {
  await serverLag(server, lagFile);
  const probe = probeLoop(server.httpUrl);
  const t0 = performance.now();
  const statuses = await Promise.all(
    paths.map(async (path) => {
      const res = await fetch(`${server.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      return res.status;
    })
  );
  const wallMs = performance.now() - t0;
  const hist = await probe.stop();
  const lag = await serverLag(server, lagFile);
  const s = hist.summary();
  return {
    statuses,
    wallMs: round(wallMs, 0),
    loopLagP99Ms: round(lag.p99Ms, 0),
    loopLagMaxMs: round(lag.maxMs, 0),
    probes: s.count,
    lagP99Ms: round(s.p99, 0),
    lagMaxMs: round(s.max, 0)
  };
}

export async function runHostileImport(p: HostileImportParams): Promise<HostileImportResult> {
  const { board, bytes, cards, votes } = largestBoard();
  const body = JSON.stringify(board);
  const lagDir = mkdtempSync(join(tmpdir(), 'pb-lag-'));
  const lagFile = join(lagDir, 'lag.json');
  const flags = serverNodeFlags('project');
  setServerNodeFlags('project', [...flags, '--import', LAG_PRELOAD]);
  const server = await startServer('project', { BENCH_LAG_FILE: lagFile }).finally(() => setServerNodeFlags('project', flags));
  try {
    // One event per concurrent import: an event holds at most two places in the heavy queue.
    const paths: string[] = [];
    for (let i = 0; i < p.concurrent; i++) paths.push(await importPath(server));
    await new Promise((r) => setTimeout(r, 1000));
    const rssBefore = rssBytes(server.pid);
    const single = await importRound(server, lagFile, paths.slice(0, 1), body);
    const concurrent = await importRound(server, lagFile, paths, body);
    await new Promise((r) => setTimeout(r, p.settleMs));
    const rssAfter = rssBytes(server.pid);
    const problems: string[] = [];
    for (const [name, round_] of [
      ['single', single],
      ['concurrent', concurrent]
    ] as const) {
      if (round_.statuses.some((s) => s !== 201 && s !== 503)) problems.push(`${name} import answered ${round_.statuses.join(', ')}`);
      if (round_.loopLagMaxMs > 50) problems.push(`${name} import: the server's loop stalled ${round_.loopLagMaxMs} ms (target ≤ 50 ms)`);
    }
    return {
      ok: problems.length === 0,
      problems,
      boardBytes: bytes,
      cards,
      votes,
      single,
      concurrent,
      rssBeforeMB: round(rssBefore / 2 ** 20),
      peakRssMB: round(peakRssBytes(server.pid) / 2 ** 20),
      rssAfterMB: round(rssAfter / 2 ** 20)
    };
  } finally {
    await server.stop();
    rmSync(lagDir, { recursive: true, force: true });
  }
}
