/**
 * Byte scans for erasure tests (docs/redaction.md): collect raw bytes from where the server
 * keeps data (files under a directory, every Redis key under a prefix, history checkpoints)
 * and report where any needle occurs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BinaryClient } from '../../server/infra/redis/connection.js';
import type { CheckpointStore } from '../../server/outputs/history/checkpoint-store.js';

export interface Source {
  where: string;
  bytes: Uint8Array;
}

/** "<where>: <needle>" for every needle (UTF-8) found in every source; empty when clean. */
export function occurrences(sources: readonly Source[], needles: readonly string[]): string[] {
  return sources.flatMap(({ where, bytes }) =>
    needles.filter((n) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(n, 'utf8'))).map((n) => `${where}: ${n}`)
  );
}

/** Every file under `dir`, recursively (a file removed while listing is skipped). */
export async function filesUnder(dir: string): Promise<Source[]> {
  const out: Source[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) {
      const bytes = await readFile(path).catch(() => null);
      if (bytes) out.push({ where: path, bytes });
    }
  }
  return out;
}

/** Every stored checkpoint of a board. */
export async function checkpointsOf(store: CheckpointStore, boardId: string): Promise<Source[]> {
  const out: Source[] = [];
  for (const at of await store.listCheckpoints(boardId)) {
    const bytes = await store.getCheckpoint(boardId, at);
    if (bytes) out.push({ where: `checkpoint ${at}`, bytes });
  }
  return out;
}

const asBytes = (reply: unknown): Uint8Array[] => {
  if (Buffer.isBuffer(reply)) return [reply];
  if (Array.isArray(reply)) return reply.flatMap(asBytes);
  if (reply instanceof Map) return [...reply.entries()].flat().flatMap(asBytes);
  return reply === null || reply === undefined ? [] : [Buffer.from(String(reply))];
};

/** Every key under `prefix`: its value by type (GET, LRANGE, HGETALL, SMEMBERS, ZRANGE) and its DUMP. */
export async function redisValues(client: BinaryClient, prefix: string): Promise<Source[]> {
  const out: Source[] = [];
  let cursor = '0';
  do {
    const [next, keys] = (await client.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '500'])) as [Buffer, Buffer[]];
    cursor = next.toString();
    for (const raw of keys) {
      const key = raw.toString();
      const type = String(await client.sendCommand(['TYPE', key]));
      const read: Record<string, string[]> = {
        string: ['GET', key],
        list: ['LRANGE', key, '0', '-1'],
        hash: ['HGETALL', key],
        set: ['SMEMBERS', key],
        zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES']
      };
      const value = read[type] ? asBytes(await client.sendCommand(read[type])) : [];
      const dump = asBytes(await client.sendCommand(['DUMP', key]));
      for (const [i, bytes] of [...value, ...dump].entries()) out.push({ where: `redis ${type} ${key} #${i}`, bytes });
    }
  } while (cursor !== '0');
  return out;
}
