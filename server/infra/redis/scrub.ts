/**
 * After a redaction, Redis's own persistence files may still hold the erased text: the AOF
 * replays every command (the old appends and snapshots included) until it is rewritten, and
 * an RDB file holds the dataset of its last save. This asks Redis to rewrite the AOF (when
 * AOF is on) and to save the RDB again (when save points are configured). A Redis that
 * refuses (CONFIG or the commands renamed, ACLs) is logged and left alone: the keys themselves
 * are already replaced, only these files lag behind (docs/redaction.md).
 */
import type { Logger } from 'pino';
import type { BinaryClient } from './connection.js';

export interface RedisScrubOptions {
  client: BinaryClient;
  logger?: Logger;
  /** How long to wait for a rewrite already running, and for ours to finish. */
  timeoutMs?: number;
}

const text = (reply: unknown): string => (Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply));

async function config(client: BinaryClient, name: string): Promise<string> {
  const reply = (await client.sendCommand(['CONFIG', 'GET', name])) as unknown;
  if (Array.isArray(reply)) return reply.length >= 2 ? text(reply[1]) : '';
  if (reply instanceof Map) return text([...reply.values()][0] ?? '');
  return '';
}

async function persistenceInfo(client: BinaryClient): Promise<Map<string, string>> {
  const info = text(await client.sendCommand(['INFO', 'persistence']));
  return new Map(
    info.split(/\r?\n/).flatMap((line) => {
      const colon = line.indexOf(':');
      return colon > 0 ? [[line.slice(0, colon), line.slice(colon + 1).trim()] as [string, string]] : [];
    })
  );
}

async function rewriting(client: BinaryClient): Promise<boolean> {
  const info = await persistenceInfo(client);
  return info.get('aof_rewrite_in_progress') === '1' || info.get('aof_rewrite_scheduled') === '1';
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/**
 * Starts an AOF rewrite that begins after now (one already running began before the erasure,
 * so it is waited out first) and waits for it to finish.
 */
async function rewriteAof(client: BinaryClient, timeoutMs: number): Promise<void> {
  const idle = async (): Promise<boolean> => !(await rewriting(client));
  for (let attempt = 1; ; attempt++) {
    if (!(await until(idle, timeoutMs))) throw new Error('an AOF rewrite is still running');
    try {
      await client.sendCommand(['BGREWRITEAOF']);
      break;
    } catch (err) {
      // Another client started one between the check and ours: wait it out and start ours.
      if (attempt >= 3 || !/in progress/i.test(String(err))) throw err;
    }
  }
  if (!(await until(idle, timeoutMs))) throw new Error('the AOF rewrite did not finish in time');
  const status = (await persistenceInfo(client)).get('aof_last_bgrewrite_status');
  if (status !== 'ok') throw new Error(`AOF rewrite status: ${status ?? 'unknown'}`);
}

export async function scrubRedisPersistence(options: RedisScrubOptions): Promise<void> {
  const { client, logger } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    if ((await config(client, 'appendonly')) === 'yes') await rewriteAof(client, timeoutMs);
    // SCHEDULE: run after a rewrite still going on instead of failing.
    if ((await config(client, 'save')).trim() !== '') await client.sendCommand(['BGSAVE', 'SCHEDULE']);
  } catch (err) {
    logger?.warn({ err }, 'redis persistence files not rewritten after a redaction; they keep old data until Redis rewrites them');
  }
}
