/**
 * The servers under test, each started as its own child process on a free port:
 *   project    our built server, `node dist/server/main.js` (production mode, temp DATA_DIR)
 *   reference  @y/websocket-server 0.1.1's own `src/server.js`, in-memory, no persistence
 *   hocuspocus @hocuspocus/server 4.x, in memory, no extensions (bench/hocuspocus-server.mjs)
 *   floor      the harness floor: a relay with no document (bench/floor-server.mjs), the latency
 *              the generator and the kernel alone impose; not a competitor
 * Every child is registered so that an error, SIGINT or SIGTERM in the runner kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/ports.js';

export const SERVER_KINDS = ['project', 'reference', 'hocuspocus', 'floor'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];
/** `--servers` when not given: ours and both peers (the floor only on request). */
export const DEFAULT_SERVERS: readonly ServerKind[] = ['project', 'reference', 'hocuspocus'];
/** How tables name each kind. */
export const SERVER_LABELS: Record<ServerKind, string> = {
  project: 'project',
  reference: 'reference',
  hocuspocus: 'hocuspocus',
  floor: 'floor (relay only, no document)'
};

const DEFAULT_PROJECT_ENTRY = resolve('dist/server/main.js');
let projectEntry = DEFAULT_PROJECT_ENTRY;

/** Benchmarks another build of our server (e.g. one made from a clean checkout of a commit). */
export function setProjectEntry(path: string): void {
  projectEntry = resolve(path);
}
export const REFERENCE_ENTRY = resolve('node_modules/@y/websocket-server/src/server.js');
export const HOCUSPOCUS_ENTRY = resolve('bench/hocuspocus-server.mjs');
export const FLOOR_ENTRY = resolve('bench/floor-server.mjs');
const HOCUSPOCUS_PACKAGE = resolve('node_modules/@hocuspocus/server/package.json');

const ENTRIES: Record<Exclude<ServerKind, 'project'>, string> = { reference: REFERENCE_ENTRY, hocuspocus: HOCUSPOCUS_ENTRY, floor: FLOOR_ENTRY };
const entryOf = (kind: ServerKind): string => (kind === 'project' ? projectEntry : ENTRIES[kind]);
const START_TIMEOUT_MS = 20_000;
/**
 * Every simulated device connects from 127.0.0.1, so the per-address limits, which are meant
 * for one real address, are lifted. Every other limit (per board, per connection) stays as
 * shipped.
 */
const LOOPBACK_LIMITS = {
  LIMIT_MAX_CONNECTIONS_PER_IP: '1000000',
  LIMIT_EVENTS_PER_MINUTE_PER_IP: '1000000',
  LIMIT_EVENTS_PER_DAY_PER_ADDRESS: '1000000',
  LIMIT_CONNECTION_BURST_PER_IP: '1000000',
  LIMIT_CONNECTIONS_PER_SECOND_PER_IP: '1000000',
  LIMIT_MAX_PENDING_CONNECTIONS_PER_IP: '1000000',
  LIMIT_MAX_REQUESTS_IN_FLIGHT_PER_IP: '1000000'
};
const STOP_TIMEOUT_MS = 5_000;

export interface RunningServer {
  kind: ServerKind;
  pid: number;
  port: number;
  httpUrl: string;
  wsUrl: string;
  output(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** Why a server kind cannot run here, or null. */
export function unavailable(kind: ServerKind): string | null {
  if (kind === 'hocuspocus' && !existsSync(HOCUSPOCUS_PACKAGE)) return '@hocuspocus/server is not installed (npm install)';
  const entry = entryOf(kind);
  return existsSync(entry) ? null : `${entry} is missing${kind === 'project' ? ' (run `npm run build`)' : ''}`;
}

/** Node flags for server children, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] (set once by the runner). */
const nodeFlags: Partial<Record<ServerKind, string[]>> = {};

export function setServerNodeFlags(kind: ServerKind, flags: string[]): void {
  nodeFlags[kind] = flags;
}

export const serverNodeFlags = (kind: ServerKind): string[] => nodeFlags[kind] ?? [];

/** When set, every server child's stdout and stderr are appended to this file. */
let serverLogPath: string | null = null;

export function setServerLog(path: string | null): void {
  serverLogPath = path;
}

export interface StartOptions {
  /** Keep the per-address limits as shipped (a scenario whose devices come from many loopback addresses, or one venue address). */
  shippedLimits?: boolean;
}

/** `extraEnv` is set after the defaults (e.g. REDIS_URL for the two-instance scenario). */
export async function startServer(kind: ServerKind, extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer> {
  const why = unavailable(kind);
  if (why) throw new Error(why);
  const port = await freePort();
  const httpUrl = `http://127.0.0.1:${port}`;
  const dataDir = kind === 'project' ? mkdtempSync(join(tmpdir(), 'pb-bench-')) : null;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port) };
  delete env.REDIS_URL;
  delete env.YPERSISTENCE;
  if (dataDir) Object.assign(env, { DATA_DIR: dataDir, PUBLIC_URL: httpUrl, LOG_LEVEL: 'warn', ...(options.shippedLimits ? {} : LOOPBACK_LIMITS) });
  Object.assign(env, extraEnv);
  const entry = entryOf(kind);
  const child = spawn(process.execPath, [...(nodeFlags[kind] ?? []), entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (serverLogPath) {
    const log = createWriteStream(serverLogPath, { flags: 'a' });
    log.write(`--- ${kind} server, pid ${child.pid}, ${new Date().toISOString()}\n`);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => log.end());
  }
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!exited()) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await gone;
      clearTimeout(timer);
    }
    live.delete(child);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const readyPath = kind === 'project' ? '/healthz' : '/';
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited()) {
      await stop();
      throw new Error(`${kind} server exited during start-up:\n${out}`);
    }
    try {
      if ((await fetch(httpUrl + readyPath)).status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} server did not answer ${readyPath} within ${START_TIMEOUT_MS} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { kind, pid: child.pid ?? 0, port, httpUrl, wsUrl: `ws://127.0.0.1:${port}`, output: () => out, stop };
}

/** Runs `fn` against a fresh server of `kind` (`extraEnv` as in startServer), and always stops it. */
export async function withServer<T>(kind: ServerKind, fn: (server: RunningServer) => Promise<T>, extraEnv: Record<string, string> = {}, options: StartOptions = {}): Promise<T> {
  const server = await startServer(kind, extraEnv, options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
