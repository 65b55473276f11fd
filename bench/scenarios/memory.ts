/**
 * Idle memory: the server's RSS growth when N clients are connected, synced and idle (one
 * awareness state each, no renewal), over the same server with the board open and no readers.
 */
import { closeAll, connectAll, createBoard, makeReaders, openWriters, type ConnectOptions, type ReaderRole } from '../board.js';
import { sleep } from '../load.js';
import { rssBytes } from '../proc.js';
import type { RunningServer } from '../servers.js';
import { round } from '../stats.js';

export interface MemoryParams {
  readers: number;
  readerRole: ReaderRole;
  connect: Omit<ConnectOptions, 'renewAwareness' | 'timeoutMs'>;
  timeoutMs: number;
}

export interface MemoryResult {
  ok: boolean;
  problems: string[];
  rssPerIdleClientKB: number;
  rssEmptyMB: number;
  rssIdleMB: number;
  connectAllMs: number;
}

const SETTLE_MS = 2_000;

export async function runMemory(server: RunningServer, p: MemoryParams): Promise<MemoryResult> {
  const connect = { ...p.connect, renewAwareness: false, timeoutMs: p.timeoutMs };
  const board = await createBoard(server, p.readerRole);
  const writers = await openWriters(board, 1, connect);
  const readers = makeReaders(board, p.readers, connect, {});
  try {
    await sleep(SETTLE_MS);
    const empty = rssBytes(server.pid);
    const t0 = performance.now();
    const failures = await connectAll(readers, 100, p.timeoutMs);
    const connectAllMs = performance.now() - t0;
    await sleep(SETTLE_MS);
    const idle = rssBytes(server.pid);
    const problems = failures.length ? [`${failures.length} clients failed to join (${failures[0]})`] : [];
    return {
      ok: problems.length === 0,
      problems,
      rssPerIdleClientKB: round((idle - empty) / p.readers / 1024),
      rssEmptyMB: round(empty / 2 ** 20),
      rssIdleMB: round(idle / 2 ** 20),
      connectAllMs: round(connectAllMs, 0)
    };
  } finally {
    closeAll(readers);
    closeAll(writers.map((w) => w.client));
  }
}
