/**
 * Material bytes as files: DATA_DIR/materials/<id>. A put streams into `.tmp/` and is renamed
 * into place once complete, so a blob never appears half-written; temp files a crash left
 * behind are swept at start-up once they are an hour old.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BLOB_ID, BlobNotFoundError, type BlobStore } from '../../outputs/materials/blob-store.js';

const STALE_TMP_MS = 60 * 60_000;

export function createFsBlobStore(options: { dir: string; now?: () => number }): BlobStore {
  const tmpDir = join(options.dir, '.tmp');
  const now = options.now ?? Date.now;
  const path = (id: string): string => {
    if (!BLOB_ID.test(id)) throw new Error('Bad blob id');
    return join(options.dir, id);
  };
  void sweep(tmpDir, now() - STALE_TMP_MS);

  return {
    async put(source) {
      await mkdir(tmpDir, { recursive: true });
      const id = randomBytes(18).toString('base64url');
      const tmp = join(tmpDir, id);
      let size = 0;
      const counted = async function* () {
        for await (const chunk of source) {
          size += chunk.byteLength;
          yield chunk;
        }
      };
      try {
        await pipeline(Readable.from(counted()), createWriteStream(tmp, { flags: 'wx' }));
        await rename(tmp, path(id));
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      return { id, size };
    },
    get(id, range) {
      if (BLOB_ID.test(id)) return createReadStream(path(id), range ?? {});
      // Not one of ours: fails when read, like a missing file, never when asked for.
      return new Readable({
        read() {
          this.destroy(new BlobNotFoundError(`No blob ${id.slice(0, 80)}`));
        }
      });
    },
    async delete(id) {
      await rm(path(id), { force: true });
    },
    async size(id) {
      try {
        return (await stat(path(id))).size;
      } catch {
        return null;
      }
    }
  };
}

async function sweep(dir: string, olderThan: number): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const file = join(dir, name);
    const s = await stat(file).catch(() => null);
    if (s && s.mtimeMs < olderThan) await rm(file, { force: true });
  }
}
