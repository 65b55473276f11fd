/**
 * Server process figures from /proc (Linux only): CPU seconds (utime + stime of the process and
 * its children's process trees, all threads included) and resident memory.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields after the `(comm)` of /proc/<pid>/stat: [0] is field 3 (state), so field n is [n - 3]. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (fields && Number(fields[1]) === pid) kids.push(Number(name));
  }
  return kids;
}

/** The process and all its descendants. */
function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length && all.length < 64; i++) all.push(...childrenOf(all[i]));
  return all;
}

/** CPU seconds used so far by the process tree. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    const fields = statFields(p);
    if (fields) ticks += Number(fields[14 - 3]) + Number(fields[15 - 3]);
  }
  return ticks / clockTicks();
}

function statusKb(pid: number, key: string): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident set size of the process tree, in bytes. */
export const rssBytes = (pid: number): number => processTree(pid).reduce((sum, p) => sum + statusKb(p, 'VmRSS') * 1024, 0);

/** Peak resident set size of the main process, in bytes. */
export const peakRssBytes = (pid: number): number => statusKb(pid, 'VmHWM') * 1024;

export interface CpuWindow {
  /** CPU of the process tree over the window, as a percentage of one core. */
  stop(): { cpuPct: number; cpuSeconds: number; wallSeconds: number };
}

export function cpuWindow(pid: number): CpuWindow {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  return {
    stop() {
      const used = cpuSeconds(pid) - cpu0;
      const wall = (performance.now() - t0) / 1000;
      return { cpuPct: wall > 0 ? (100 * used) / wall : 0, cpuSeconds: used, wallSeconds: wall };
    }
  };
}

/** Machine-wide CPU use over a window (all cores), to see load that is neither server nor generator. */
export function machineWindow(): { stop(): { busyPct: number; stealPct: number } } {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal, total };
  };
  const a = read();
  const t0 = performance.now();
  return {
    stop() {
      const b = read();
      const wallTicks = ((performance.now() - t0) / 1000) * clockTicks();
      return {
        busyPct: wallTicks > 0 ? (100 * (b.busy - a.busy)) / wallTicks : 0,
        stealPct: wallTicks > 0 ? (100 * (b.steal - a.steal)) / wallTicks : 0
      };
    }
  };
}
