/**
 * One contract for every BlobStore (server/outputs/materials/blob-store.ts): the directory of embedded
 * mode and the Redis chunks of scale-out.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRange, type BlobStore } from '../../../server/outputs/materials/blob-store.js';
import { createFsBlobStore } from '../../../server/infra/fs/blob-store-fs.js';
import { createRedisBlobStore } from '../../../server/infra/redis/blob-store-redis.js';
import { connectRedis, type RedisConnection } from '../../../server/infra/redis/connection.js';
import { redisKeys } from '../../../server/infra/redis/keys.js';
import { getTestRedis, runPrefix, type TestRedis } from '../../helpers/redis.js';
import { waitFor } from '../../../support/wait.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await getTestRedis();
});
afterAll(() => redis?.stop());

interface Harness {
  blobs: BlobStore;
  /** Everything the store holds, as names (files, keys): to check that nothing is left behind. */
  residue(): Promise<string[]>;
  dispose(): Promise<void>;
}

const HARNESSES: Record<string, () => Promise<Harness>> = {
  fs: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pb-blobs-'));
    const walk = async (d: string): Promise<string[]> =>
      (await readdir(d, { withFileTypes: true }).catch(() => []))
        .flatMap((e) => (e.isDirectory() ? [] : [join(d, e.name)]))
        .concat(...(await Promise.all((await readdir(d, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => walk(join(d, e.name))))));
    return { blobs: createFsBlobStore({ dir }), residue: () => walk(dir), dispose: () => rm(dir, { recursive: true, force: true }) };
  },
  redis: async () => {
    const conn: RedisConnection = connectRedis({ url: redis.url, name: 'blob-contract', logger: pino({ level: 'silent' }) });
    await waitFor(() => conn.status() === 'ready', 'redis to connect');
    const prefix = runPrefix('blobs');
    // Small chunks, so the contract crosses chunk boundaries with small files.
    const blobs = createRedisBlobStore({ redis: conn, keys: redisKeys(prefix), chunkBytes: 1000 });
    const residue = async () => (await conn.client.keys(`${prefix}*`)).map((k) => k.toString());
    return {
      blobs,
      residue,
      dispose: async () => {
        const keys = await residue();
        if (keys.length > 0) await conn.client.del(keys);
        await conn.close();
      }
    };
  }
};

async function* pieces(bytes: Buffer, size = 333): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const all = async (blobs: BlobStore, id: string, range?: { start: number; end: number }): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of blobs.get(id, range)) parts.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(parts);
};

describe.each(Object.keys(HARNESSES))('BlobStore contract: %s', (name) => {
  let h: Harness;
  beforeAll(async () => {
    h = await HARNESSES[name]();
  });
  afterAll(() => h?.dispose());

  it('stores a stream and gives the same bytes back, whole and by inclusive range', async () => {
    const bytes = randomBytes(4321);
    const { id, size } = await h.blobs.put(pieces(bytes));
    expect(size).toBe(bytes.length);
    expect(await h.blobs.size(id)).toBe(bytes.length);
    expect((await all(h.blobs, id)).equals(bytes)).toBe(true);
    for (const [start, end] of [
      [0, 0],
      [0, 21],
      [999, 1000],
      [998, 2001],
      [4300, 4320],
      [4320, 4320]
    ]) {
      expect((await readRange(h.blobs, id, start, end)).equals(bytes.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
    }
    await h.blobs.delete(id);
  });

  it('stores an empty blob', async () => {
    const { id, size } = await h.blobs.put(pieces(Buffer.alloc(0)));
    expect(size).toBe(0);
    expect(await h.blobs.size(id)).toBe(0);
    expect((await all(h.blobs, id)).length).toBe(0);
    await h.blobs.delete(id);
  });

  it('gives every put its own id', async () => {
    const a = await h.blobs.put(pieces(Buffer.from('same')));
    const b = await h.blobs.put(pieces(Buffer.from('same')));
    expect(a.id).not.toBe(b.id);
    await h.blobs.delete(a.id);
    expect((await all(h.blobs, b.id)).toString()).toBe('same');
    await h.blobs.delete(b.id);
  });

  it('erases the bytes on delete; a missing blob has no size and fails to read', async () => {
    const { id } = await h.blobs.put(pieces(randomBytes(2500)));
    await h.blobs.delete(id);
    expect(await h.blobs.size(id)).toBeNull();
    await expect(all(h.blobs, id)).rejects.toThrow();
    await h.blobs.delete(id);
    expect(await h.residue()).toEqual([]);
  });

  it('leaves nothing behind when the source fails midway', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield randomBytes(1500);
      yield randomBytes(1500);
      throw new Error('client went away');
    }
    await expect(h.blobs.put(failing())).rejects.toThrow('client went away');
    expect(await h.residue()).toEqual([]);
  });

  it('refuses ids that are not its own (no path or key tricks)', async () => {
    for (const id of ['../x', '/etc/passwd', 'a/../../b', '', 'x'.repeat(65)]) {
      expect(await h.blobs.size(id).catch(() => null), id).toBeNull();
      await expect(all(h.blobs, id), id).rejects.toThrow();
    }
  });
});
