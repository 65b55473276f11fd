/**
 * One benchmark at a time per machine: two runs on the same two cores would measure each other.
 * A run takes a lock file holding its pid; a second run waits for it (bounded), and a lock whose
 * pid is gone is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'panel-board-bench.lock');
const POLL_MS = 1_000;

function holder(): number | null {
  try {
    const pid = Number(readFileSync(LOCK, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function tryTake(): boolean {
  try {
    const fd = openSync(LOCK, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    process.once('exit', release);
    return true;
  } catch {
    if (holder() === null) {
      rmSync(LOCK, { force: true });
      return tryTake();
    }
    return false;
  }
}

export function release(): void {
  if (holder() === process.pid) rmSync(LOCK, { force: true });
}

/** Waits up to `maxWaitMs` for other benchmark runs; returns false if it had to go ahead anyway. */
export async function acquireBenchLock(maxWaitMs: number, log: (msg: string) => void): Promise<boolean> {
  const deadline = performance.now() + maxWaitMs;
  let told = false;
  while (!tryTake()) {
    if (performance.now() > deadline) {
      log(`another benchmark (pid ${holder()}) still runs after ${Math.round(maxWaitMs / 1000)} s; going ahead, figures will be disturbed`);
      return false;
    }
    if (!told) log(`waiting for another benchmark run (pid ${holder()}) to finish …`);
    told = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}
