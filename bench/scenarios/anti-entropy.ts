/**
 * Anti-entropy on an idle instance: B boards loaded on one project server in scale-out mode
 * (one panelist connection holds each board, K cards posted on each), nothing else happening.
 * Every `LIMIT_ANTI_ENTROPY_MS` (15 s by default, the only cycle b05f9ff knows) the instance
 * checks that its loaded documents (3 per board) hold every stored update. Measured over C
 * whole cycles and given per cycle: the Redis commands and bytes (INFO commandstats and
 * stats of a private redis-server that serves this instance alone) and the server's CPU time.
 *
 * The window: poll INFO commandstats (every 250 ms) until a cycle's commands appear and stop,
 * then take the start figures, sleep until halfway between the (C)th and (C+1)th cycle after it,
 * and take the end figures: the window holds exactly C cycles, none cut in half.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { closeAll, createBoard, openWriters, type ConnectOptions, type Writer } from '../board.js';
import { planUpdates } from '../cards.js';
import { sleep } from '../load.js';
import { cpuSeconds } from '../proc.js';
import { freePort } from '../../support/ports.js';
import { startServer, type RunningServer } from '../servers.js';

export interface AntiEntropyParams {
  boards: number;
  cardsPerBoard: number;
  cycles: number;
  /** The server's cycle; b05f9ff ignores the setting and runs every 15 s. */
  intervalMs: number;
}

export interface AntiEntropyResult {
  ok: boolean;
  problems: string[];
  boards: number;
  docs: number;
  cycles: number;
  loadMs: number;
  perCycle: {
    redisCommands: number;
    /** The commands by name, per cycle (INFO polls excluded). */
    byCommand: Record<string, number>;
    redisBytesIn: number;
    redisBytesOut: number;
    serverCpuMs: number;
  };
}

const POLL_MS = 250;
const CONNECT: ConnectOptions = { transport: 'raw', deflate: false, awareness: false, renewAwareness: false, timeoutMs: 120_000 };

/** A redis-server of its own on a free port, without persistence: its counters are this run's. */
export async function privateRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-redis-'));
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, rej) => child.once('error', (err) => rej(new Error(`redis-server: ${err.message} (sudo apt-get install -y redis-server)`))));
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      await Promise.race([client.connect(), failed]);
      break;
    } catch (err) {
      if (Date.now() > deadline || String(err).includes('redis-server:')) throw err;
      await sleep(50);
    }
  }
  client.destroy();
  return {
    url,
    async stop() {
      if (child.exitCode === null) await new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** The scenario starts its own redis-server: a reason to skip it when there is none, else null. */
export function redisServerMissing(): string | null {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'skipped: no redis-server in PATH (sudo apt-get install -y redis-server)';
  }
}

type Admin = ReturnType<typeof createClient>;

async function commandCalls(admin: Admin): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const m of String(await admin.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== 'info') calls[m[1]] = Number(m[2]);
  return calls;
}

async function netBytes(admin: Admin): Promise<{ in: number; out: number }> {
  const stats = String(await admin.info('stats'));
  const get = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
  return { in: get('total_net_input_bytes'), out: get('total_net_output_bytes') };
}

const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

/**
 * Loads the boards: first every event is created (the server unloads each board once created),
 * then one panelist connection per board (it keeps the board loaded) posts K cards through it.
 */
async function loadBoards(server: RunningServer, p: AntiEntropyParams): Promise<Writer[]> {
  const pool = async <T>(count: number, task: (i: number) => Promise<T>): Promise<T[]> => {
    const out: T[] = [];
    let next = 0;
    const worker = async () => {
      while (next < count) out.push(await task(next++));
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return out;
  };
  const boards = await pool(p.boards, () => createBoard(server, 'panelist'));
  return pool(boards.length, async (i) => {
    const board = boards[i];
    const [writer] = await openWriters(board, 1, CONNECT);
    const seqs = Array.from({ length: p.cardsPerBoard }, (_, n) => n);
    for (const update of planUpdates({ baseState: writer.baseState, boardId: board.boardId, writer, seqs })) writer.client.sendUpdate(update);
    await writer.client.barrier(CONNECT.timeoutMs);
    return writer;
  });
}

/** Waits for a cycle's commands to appear and then to stop; returns when it stopped. */
async function nextCycleEnd(admin: Admin, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = total(await commandCalls(admin));
  let seen = false;
  for (;;) {
    await sleep(POLL_MS);
    const now = total(await commandCalls(admin));
    if (now !== last) seen = true;
    else if (seen) return Date.now();
    last = now;
    if (Date.now() > deadline) throw new Error('no anti-entropy cycle seen');
  }
}

export async function runAntiEntropy(p: AntiEntropyParams): Promise<AntiEntropyResult> {
  const redis = await privateRedis();
  const problems: string[] = [];
  let server: RunningServer | null = null;
  let writers: Writer[] = [];
  const admin = createClient({ url: redis.url });
  admin.on('error', () => {});
  try {
    await admin.connect();
    server = await startServer('project', {
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'pbbench:',
      INSTANCE_ID: 'bench-ae',
      LIMIT_ANTI_ENTROPY_MS: String(p.intervalMs),
      LIMIT_CHECKPOINT_INTERVAL_MS: '1000'
    });
    const t0 = performance.now();
    writers = await loadBoards(server, p);
    const loadMs = Math.round(performance.now() - t0);
    await sleep(5_000); // flushes, compactions and history checkpoints (1 s interval here) of the load settle
    const end = await nextCycleEnd(admin, p.intervalMs * 2 + 10_000);
    // The cycle that just ended began about one poll and its own length ago; start the window now.
    const [calls0, bytes0, cpu0] = [await commandCalls(admin), await netBytes(admin), cpuSeconds(server.pid)];
    const cycleStart = end - 2 * POLL_MS;
    await sleep(Math.max(0, cycleStart + p.cycles * p.intervalMs + p.intervalMs / 2 - Date.now()));
    const [calls1, bytes1, cpu1] = [await commandCalls(admin), await netBytes(admin), cpuSeconds(server.pid)];
    const byCommand: Record<string, number> = {};
    for (const [name, n] of Object.entries(calls1)) {
      const d = n - (calls0[name] ?? 0);
      if (d > 0) byCommand[name] = Math.round((d / p.cycles) * 10) / 10;
    }
    const closed = writers.filter((w) => w.client.closeCode !== null).length;
    if (closed > 0) problems.push(`${closed} board connections closed during the run`);
    return {
      ok: problems.length === 0,
      problems,
      boards: writers.length,
      docs: writers.length * 3,
      cycles: p.cycles,
      loadMs,
      perCycle: {
        redisCommands: Math.round(((total(calls1) - total(calls0)) / p.cycles) * 10) / 10,
        byCommand,
        redisBytesIn: Math.round((bytes1.in - bytes0.in) / p.cycles),
        redisBytesOut: Math.round((bytes1.out - bytes0.out) / p.cycles),
        serverCpuMs: Math.round(((cpu1 - cpu0) * 1000) / p.cycles)
      }
    };
  } finally {
    closeAll(writers.map((w) => w.client));
    await server?.stop();
    admin.destroy();
    await redis.stop();
  }
}
