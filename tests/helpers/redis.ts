/**
 * Finds a Redis for tests: REDIS_URL when it answers, else 127.0.0.1:6379, else a private
 * redis-server started from PATH on a free port. Fails with the install command when none can be had.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/ports.js';

export interface TestRedis {
  url: string;
  /** Stops the redis-server this helper started (no-op for a shared one). */
  stop(): Promise<void>;
  /** Present only for a private server: restart it (same port, same AOF dir). */
  restart?: () => Promise<void>;
  /** Present only for a private server: its working directory (AOF and RDB files). */
  dir?: string;
}

const INSTALL = 'sudo apt-get update && sudo apt-get install -y redis-server';

export function ping(url: string, timeoutMs = 500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname, () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Starts a private redis-server with AOF (appendfsync always), for tests that restart Redis; `args` are added to its command line. */
export async function startPrivateRedis(options: { port?: number; args?: readonly string[] } = {}): Promise<TestRedis> {
  const port = options.port ?? (await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'pb-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', ...(options.args ?? [])],
      { stdio: 'ignore' }
    );
    const failed = new Promise<boolean>((resolve) => child!.once('error', () => resolve(false)));
    const up = await Promise.race([waitFor(() => ping(url), 5000), failed]);
    if (!up) throw new Error(`Could not start redis-server from PATH. Install it with: ${INSTALL}`);
  };
  const stopChild = async () => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    dir,
    restart: async () => {
      await stopChild();
      await start();
    },
    stop: async () => {
      await stopChild();
      await rm(dir, { recursive: true, force: true });
    }
  };
}

export async function getTestRedis(): Promise<TestRedis> {
  for (const url of [process.env.REDIS_URL, 'redis://127.0.0.1:6379']) {
    if (url && (await ping(url))) return { url, stop: async () => {} };
  }
  return startPrivateRedis();
}

/** A key prefix unique to this test run, so runs never see each other's keys. */
export const runPrefix = (name: string): string => `pbtest:${name}:${process.pid}:${Date.now().toString(36)}:`;
