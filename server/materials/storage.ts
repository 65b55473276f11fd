/**
 * Material bytes on disk: DATA_DIR/materials/<eventId>/<sha256>. An upload streams into a
 * temp file while it is hashed and counted; only a complete upload within the limit is renamed
 * into place, so an abort or an oversized body never leaves a partial file behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export class UploadTooLargeError extends Error {
  override name = 'UploadTooLargeError';
}

export interface ReceivedFile {
  tmpPath: string;
  size: number;
  sha256: string;
}

export interface MaterialStorage {
  /** Streams a request body to a temp file; rejects (and removes the file) past `maxBytes` or on abort. */
  receive(req: IncomingMessage, maxBytes: number): Promise<ReceivedFile>;
  /** The first bytes of a received file, or the whole file when it is a zip (type detection). */
  readForDetection(tmpPath: string, size: number): Promise<Uint8Array>;
  /** Moves a received file into place under its hash. */
  keep(eventId: string, file: ReceivedFile): Promise<void>;
  discard(file: ReceivedFile): Promise<void>;
  open(eventId: string, sha256: string): ReadStream;
  remove(eventId: string, sha256: string): Promise<void>;
}

const HEX = /^[0-9a-f]{64}$/;

export function createMaterialStorage(options: { dir: string }): MaterialStorage {
  const tmpDir = join(options.dir, '.tmp');
  const eventDir = (eventId: string): string => join(options.dir, eventId.replace(/[^A-Za-z0-9_-]/g, '_'));
  const path = (eventId: string, sha256: string): string => {
    if (!HEX.test(sha256)) throw new Error('Bad content hash');
    return join(eventDir(eventId), sha256);
  };

  return {
    async receive(req, maxBytes) {
      await mkdir(tmpDir, { recursive: true });
      const tmpPath = join(tmpDir, randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      // Past the limit the rest of the body is read and dropped (not destroyed), so the client
      // still gets a readable 413 instead of a reset connection.
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.byteLength;
          if (size > maxBytes) return done();
          hash.update(chunk);
          done(null, chunk);
        }
      });
      try {
        await pipeline(req, meter, createWriteStream(tmpPath, { flags: 'wx' }));
      } catch (err) {
        await rm(tmpPath, { force: true });
        throw err;
      }
      if (size > maxBytes) {
        await rm(tmpPath, { force: true });
        throw new UploadTooLargeError(`Upload exceeds ${maxBytes} bytes`);
      }
      return { tmpPath, size, sha256: hash.digest('hex') };
    },
    async readForDetection(tmpPath, size) {
      const file = await open(tmpPath, 'r');
      try {
        const head = Buffer.alloc(Math.min(size, 8));
        await file.read(head, 0, head.length, 0);
        const isZip = head[0] === 0x50 && head[1] === 0x4b;
        if (!isZip) return head;
        const all = Buffer.alloc(size);
        await file.read(all, 0, size, 0);
        return all;
      } finally {
        await file.close();
      }
    },
    async keep(eventId, file) {
      await mkdir(eventDir(eventId), { recursive: true });
      const target = path(eventId, file.sha256);
      const exists = await stat(target).then(() => true, () => false);
      if (exists) await rm(file.tmpPath, { force: true });
      else await rename(file.tmpPath, target);
    },
    discard: (file) => rm(file.tmpPath, { force: true }),
    open: (eventId, sha256) => createReadStream(path(eventId, sha256)),
    remove: (eventId, sha256) => rm(path(eventId, sha256), { force: true })
  };
}
