/**
 * Where material bytes live: a small port every instance reads through. The filesystem twin
 * (blob-store-fs.ts) keeps them under DATA_DIR in embedded mode; the Redis twin
 * (blob-store-redis.ts) keeps them in 64 KiB chunks in scale-out, so a file uploaded through
 * one instance downloads through any other. Both stream: no blob is ever held whole in memory.
 *
 * Guarantees (tests/integration/outputs/blob-store-contract.test.ts):
 * - `put` resolves only once every byte is stored; a blob is never visible half-written, and a
 *   source that fails leaves nothing behind (a crash mid-put leaves at most a temp entry that
 *   expires or is swept).
 * - `get` streams the bytes, or the inclusive range [start, end] of them; a missing blob errors.
 * - `delete` erases the bytes for good; deleting a missing blob is not an error.
 */
import type { Readable } from 'node:stream';

export interface BlobRange {
  start: number;
  /** Inclusive, like fs.createReadStream. */
  end: number;
}

export interface BlobStore {
  /** Stores what `source` yields under a new id. */
  put(source: AsyncIterable<Uint8Array>): Promise<{ id: string; size: number }>;
  get(id: string, range?: BlobRange): Readable;
  delete(id: string): Promise<void>;
  /** Bytes held under `id`, or null when there is no such blob. */
  size(id: string): Promise<number | null>;
}

/** Blob ids are ours (random, base64url); a legacy embedded blob is `<event dir>/<sha256>`. */
export const BLOB_ID = /^[A-Za-z0-9_-]{1,64}(?:\/[0-9a-f]{64})?$/;

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
}

/** Reads bytes [start, end] into one buffer (small reads only). */
export async function readRange(blobs: BlobStore, id: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of blobs.get(id, { start, end })) parts.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts);
}
