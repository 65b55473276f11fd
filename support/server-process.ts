/**
 * Runs the built server (`dist/server/main.js`) as a real child process on a free port, the way
 * `npm start` does. Used by browser tests and multi-instance tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export const SERVER_ENTRY = 'dist/server/main.js';

export interface ServerProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Removes the data dir (call after stop). */
  cleanup(): Promise<void>;
}

export interface ServerProcessOptions {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
  /** Accept a degraded (503) /healthz as started, e.g. when Redis is down on purpose. */
  allowDegraded?: boolean;
  /** Another build's server entry (its `dist/server/main.js`); default: this tree's. */
  entry?: string;
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const entry = options.entry ?? SERVER_ENTRY;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does).`);
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pb-data-')));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn', ...options.env };
  if (!options.env?.REDIS_URL) delete env.REDIS_URL;
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const waitExit = () => new Promise<void>((resolve) => (exited() ? resolve() : child.once('exit', () => resolve())));
  // Generous: a loaded 2-core CI machine can take many seconds to start several servers at once.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited()) throw new Error(`server exited during start-up:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status < 500 || (options.allowDegraded && res.status === 503)) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dataDir,
    child,
    output: () => out,
    stop: async () => {
      if (!exited()) child.kill('SIGTERM');
      await waitExit();
      return child.exitCode;
    },
    kill: async () => {
      if (!exited()) child.kill('SIGKILL');
      await waitExit();
    },
    cleanup: () => rm(dataDir, { recursive: true, force: true })
  };
}
