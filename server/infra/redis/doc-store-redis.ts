/**
 * The shared document store for scale-out mode. Per document: a list of `<seq>:<update>`
 * entries appended atomically with their sequence number, and a snapshot `<upToSeq>:<update>`.
 * Reads are one script, so a concurrent compaction never makes a reader miss entries.
 * Durability is Redis's: run it with `appendonly yes` (see README, "Running several instances").
 */
import type { Logger } from 'pino';
import type { RedisConnection } from './connection.js';
import type { RedisKeys } from './keys.js';
import { fenced, waitLock } from './lock.js';
import { scrubRedisPersistence } from './scrub.js';
import type { DocStore } from '../../sync/doc-store.js';

const APPEND = `local seq = redis.call('INCR', KEYS[1])
redis.call('RPUSH', KEYS[2], seq .. ':' .. ARGV[1])
return seq`;

// One script, so a concurrent compaction never makes a reader miss entries (MULTI replies
// would also do, but node-redis does not apply the binary type mapping to them).
const READ = `return { redis.call('GET', KEYS[1]) or false, redis.call('LRANGE', KEYS[2], 0, -1) }`;

/**
 * Writes the snapshot and trims the folded entries, only while the caller still holds the
 * compaction lock (lock.ts): a compaction that outlived its lock (a stalled process, a huge log)
 * must not overwrite the snapshot another instance writes under it.
 */
const WRITE_IF_OWNER = fenced(`redis.call('SET', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[3], tonumber(ARGV[3]), -1)
return 1`);

export class CompactionLockLost extends Error {
  constructor(docName: string) {
    super(`compaction of ${docName} outlived its lock; nothing written (the next compaction folds it)`);
    this.name = 'CompactionLockLost';
  }
}

const COLON = 0x3a;

interface Entry {
  seq: number;
  data: Uint8Array;
}

function parseEntry(raw: Buffer): Entry {
  const colon = raw.indexOf(COLON);
  if (colon <= 0) throw new Error('corrupt document log entry');
  const seq = Number(raw.subarray(0, colon).toString('latin1'));
  return { seq, data: new Uint8Array(raw.buffer, raw.byteOffset + colon + 1, raw.byteLength - colon - 1) };
}

const encodeEntry = (seq: number, data: Uint8Array): Buffer => Buffer.concat([Buffer.from(`${seq}:`, 'latin1'), data]);

export interface RedisDocStoreOptions {
  redis: RedisConnection;
  keys: RedisKeys;
  /** How long a compaction may hold its per-document lock (and wait for another's). */
  compactLockMs?: number;
  logger?: Logger;
  /** Called with the lock held, before the log is read: lets tests make a compaction outlast its lock. */
  onCompactLocked?: (docName: string) => Promise<void>;
}

export function createRedisDocStore(options: RedisDocStoreOptions): DocStore {
  const { redis, keys } = options;
  const client = redis.client;
  const lockMs = options.compactLockMs ?? 30_000;

  async function read(docName: string): Promise<{ snapshot: Entry | null; log: Entry[] }> {
    const [snap, log] = (await client.eval(READ, { keys: [keys.docSnapshot(docName), keys.docLog(docName)] })) as [Buffer | null, Buffer[]];
    const snapshot = snap ? parseEntry(snap) : null;
    return { snapshot, log: log.map(parseEntry).filter((e) => e.seq > (snapshot?.seq ?? 0)) };
  }

  return {
    async load(docName) {
      const { snapshot, log } = await read(docName);
      const updates = [...(snapshot ? [snapshot.data] : []), ...log.map((e) => e.data)];
      return { updates, seq: log.at(-1)?.seq ?? snapshot?.seq ?? 0, logLength: log.length };
    },

    async append(docName, update) {
      const seq = await client.eval(APPEND, { keys: [keys.docSeq(docName), keys.docLog(docName)], arguments: [Buffer.from(update)] });
      return Number(seq);
    },

    // The seq key counts each document's appends (INCR in APPEND): 1, 2, 3… with no gaps.
    async heads(docNames) {
      if (docNames.length === 0) return [];
      const values = await client.mGet(docNames.map((n) => keys.docSeq(n)));
      return values.map((v) => (v === null ? 0 : Number(v.toString())));
    },

    /**
     * Replaces the stored entries up to `upToSeq` with `snapshot`, which the caller folded from
     * everything stored up to there (sync/compaction.ts, on the heavy-work worker): no decoding
     * here. Under the lock, only when no other compaction already covered `upToSeq`; entries
     * appended after it stay.
     */
    async compact(docName, snapshot, upToSeq) {
      // Waits for another instance's compaction rather than skipping: it may have read the log
      // before the entries this caller must fold (a redaction), and resolves quickly when it
      // already covered them (the seq check below).
      const lock = await waitLock(client, keys.docCompactLock(docName), { ttlMs: lockMs, waitMs: lockMs });
      try {
        await options.onCompactLocked?.(docName);
        const { snapshot: stored, log } = await read(docName);
        if ((stored?.seq ?? 0) >= upToSeq) return;
        // Entries are appended in seq order, so the folded ones are exactly the first `folded`.
        const folded = log.filter((e) => e.seq <= upToSeq).length;
        const written = await client.eval(WRITE_IF_OWNER, {
          keys: [lock.key, keys.docSnapshot(docName), keys.docLog(docName)],
          arguments: [lock.token, encodeEntry(upToSeq, snapshot), String(folded)]
        });
        if (Number(written) !== 1) throw new CompactionLockLost(docName);
      } finally {
        await lock.release();
      }
    },

    async delete(docName) {
      await client.del([keys.docLog(docName), keys.docSeq(docName), keys.docSnapshot(docName)]);
    },

    scrub: () => scrubRedisPersistence({ client, logger: options.logger }),

    async close() {}
  };
}
