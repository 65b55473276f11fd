/**
 * Material bytes in Redis, for scale-out: one hash per blob, `<prefix>blob:{<id>}`, with fields
 * "0", "1", … of BLOB_CHUNK_BYTES each and "size" last. A put writes chunk by chunk as the upload
 * arrives (at most one chunk buffered), under an expiry that a crash mid-upload lets run out;
 * the final "size" field and PERSIST make it whole. A read fetches one chunk at a time. Deleting
 * is one UNLINK: the bytes are gone from every instance at once.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import { BLOB_ID, BlobNotFoundError, type BlobStore } from '../../outputs/materials/blob-store.js';

/**
 * 64 KiB, like a file read stream's buffer: a download holds one chunk in memory, so a hall of
 * phones fetching a deck at once costs what it costs in embedded mode (25 MB = 400 fields).
 */
export const BLOB_CHUNK_BYTES = 64 * 1024;
/** A put that has not finished within this time (its instance died) is dropped by Redis. */
const PENDING_TTL_MS = 60 * 60_000;

export function createRedisBlobStore(options: { redis: RedisConnection; keys: RedisKeys; chunkBytes?: number }): BlobStore {
  const { keys } = options;
  const client = options.redis.client;
  const chunkBytes = options.chunkBytes ?? BLOB_CHUNK_BYTES;
  const keyOf = (id: string): string => {
    if (!BLOB_ID.test(id)) throw new BlobNotFoundError('Bad blob id');
    return keys.blob(id);
  };

  async function meta(key: string): Promise<{ size: number; chunk: number } | null> {
    const [size, chunk] = await client.hmGet(key, ['size', 'chunk']);
    return size === null || chunk === null ? null : { size: Number(size.toString()), chunk: Number(chunk.toString()) };
  }

  async function* chunks(id: string, range?: { start: number; end: number }): AsyncGenerator<Buffer> {
    const key = keyOf(id);
    const m = await meta(key);
    if (!m) throw new BlobNotFoundError(`No blob ${id}`);
    const start = Math.max(0, range?.start ?? 0);
    const end = Math.min(m.size - 1, range?.end ?? m.size - 1);
    for (let i = Math.floor(start / m.chunk); i * m.chunk <= end; i++) {
      const raw = (await client.hGet(key, String(i))) as Buffer | null;
      if (!raw) throw new BlobNotFoundError(`Blob ${id} lost chunk ${i}`);
      const from = Math.max(0, start - i * m.chunk);
      const to = Math.min(raw.length, end - i * m.chunk + 1);
      yield raw.subarray(from, to);
    }
  }

  return {
    async put(source) {
      const id = randomBytes(18).toString('base64url');
      const key = keys.blob(id);
      let size = 0;
      let index = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async (bytes: Buffer): Promise<void> => {
        await client.multi().hSet(key, String(index++), bytes).pExpire(key, PENDING_TTL_MS).exec();
      };
      try {
        for await (const piece of source) {
          const chunk = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
          size += chunk.length;
          pending.push(chunk);
          pendingBytes += chunk.length;
          while (pendingBytes >= chunkBytes) {
            const all = Buffer.concat(pending);
            await flush(all.subarray(0, chunkBytes));
            const rest = all.subarray(chunkBytes);
            pending = rest.length > 0 ? [Buffer.from(rest)] : [];
            pendingBytes = rest.length;
          }
        }
        if (pendingBytes > 0) await flush(Buffer.concat(pending));
        await client
          .multi()
          .hSet(key, { chunk: String(chunkBytes), size: String(size) })
          .persist(key)
          .exec();
      } catch (err) {
        await client.unlink(key).catch(() => undefined);
        throw err;
      }
      return { id, size };
    },
    // One chunk read ahead at most (Readable.from buffers 16 objects by default).
    get: (id, range) => Readable.from(chunks(id, range), { highWaterMark: 1 }),
    async delete(id) {
      await client.unlink(keyOf(id));
    },
    async size(id) {
      return (await meta(keyOf(id)))?.size ?? null;
    }
  };
}
