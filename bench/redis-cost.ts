/**
 * Redis's own cost over a timed window, from its counters (INFO cpu and stats) read at both
 * ends: CPU (used_cpu_sys + used_cpu_user, the whole redis-server process), commands and network
 * bytes, per card written and per delivered card. The counters are the server's, not a client's:
 * on a shared Redis other clients' work in the window is included.
 */
import { createClient } from 'redis';
import { round } from './stats.js';

/** Redis's cumulative counters at one moment. */
export interface RedisCounters {
  cpuSeconds: number;
  commands: number;
  bytesIn: number;
  bytesOut: number;
}

/** Redis's work per unit (a card written, or one delivered). */
export interface RedisPer {
  cpuUs: number;
  commands: number;
  bytesIn: number;
  bytesOut: number;
}

export interface RedisCost {
  /** A Redis other clients may use too: its counters then include their work. */
  shared: boolean;
  windowS: number;
  /** Redis CPU over the window, % of one core. */
  cpuPct: number;
  /** The window's totals, the probe's own INFO taken out. */
  total: RedisCounters;
  perCardWritten: RedisPer;
  perDeliveredCard: RedisPer;
}

const counter = (info: string, key: string): number => {
  const m = new RegExp(`^${key}:([0-9.]+)\\r?$`, 'm').exec(info);
  if (!m) throw new Error(`INFO has no ${key}`);
  return Number(m[1]);
};

/** The counters of an `INFO cpu stats` reply. */
export function parseRedisInfo(info: string): RedisCounters {
  return {
    cpuSeconds: counter(info, 'used_cpu_sys') + counter(info, 'used_cpu_user'),
    commands: counter(info, 'total_commands_processed'),
    bytesIn: counter(info, 'total_net_input_bytes'),
    bytesOut: counter(info, 'total_net_output_bytes')
  };
}

export interface CostWindow {
  before: RedisCounters;
  after: RedisCounters;
  /** What the probe itself adds between the two readings (see redisProbe). */
  probe: Omit<RedisCounters, 'cpuSeconds'>;
  windowS: number;
  cardsWritten: number;
  delivered: number;
  shared: boolean;
}

/** Redis's cost over a window, per card written and per delivered card. */
export function redisCost(w: CostWindow): RedisCost {
  const total: RedisCounters = {
    cpuSeconds: w.after.cpuSeconds - w.before.cpuSeconds,
    commands: Math.max(0, w.after.commands - w.before.commands - w.probe.commands),
    bytesIn: Math.max(0, w.after.bytesIn - w.before.bytesIn - w.probe.bytesIn),
    bytesOut: Math.max(0, w.after.bytesOut - w.before.bytesOut - w.probe.bytesOut)
  };
  const per = (n: number): RedisPer =>
    n > 0
      ? {
          cpuUs: round((total.cpuSeconds * 1e6) / n, 2),
          commands: round(total.commands / n, 2),
          bytesIn: round(total.bytesIn / n),
          bytesOut: round(total.bytesOut / n)
        }
      : { cpuUs: NaN, commands: NaN, bytesIn: NaN, bytesOut: NaN };
  return {
    shared: w.shared,
    windowS: round(w.windowS, 2),
    cpuPct: w.windowS > 0 ? round((total.cpuSeconds * 100) / w.windowS) : NaN,
    total: { ...total, cpuSeconds: round(total.cpuSeconds, 3) },
    perCardWritten: per(w.cardsWritten),
    perDeliveredCard: per(w.delivered)
  };
}

/** The INFO request as RESP puts it on the wire. */
const INFO_ARGS = ['INFO', 'cpu', 'stats'];
const INFO_REQUEST_BYTES = Buffer.byteLength(`*${INFO_ARGS.length}\r\n${INFO_ARGS.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`);
/** A bulk string reply: `$<length>\r\n<body>\r\n`. */
const bulkBytes = (body: string): number => {
  const n = Buffer.byteLength(body);
  return `$${n}\r\n`.length + n + 2;
};

export interface RedisProbe {
  /** Reads the counters: the window starts. */
  start(): Promise<void>;
  /** Reads them again: the window ends. */
  stop(): Promise<void>;
  /** The window's cost, for the cards written and delivered in it. */
  cost(cardsWritten: number, delivered: number): RedisCost | null;
  close(): void;
}

/**
 * A connection that reads Redis's counters at the start and the end of a window. Between its two
 * readings Redis counts the first INFO (one command, its reply out) and the second's request
 * (in): those are taken out of the figures.
 */
export async function redisProbe(url: string, shared: boolean): Promise<RedisProbe> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  const read = async () => String(await client.sendCommand(INFO_ARGS));
  let before: { info: string; at: number } | null = null;
  let after: { info: string; at: number } | null = null;
  return {
    async start() {
      before = { info: await read(), at: performance.now() };
    },
    async stop() {
      after = { info: await read(), at: performance.now() };
    },
    cost(cardsWritten, delivered) {
      if (!before || !after) return null;
      return redisCost({
        before: parseRedisInfo(before.info),
        after: parseRedisInfo(after.info),
        probe: { commands: 1, bytesIn: INFO_REQUEST_BYTES, bytesOut: bulkBytes(before.info) },
        windowS: (after.at - before.at) / 1000,
        cardsWritten,
        delivered,
        shared
      });
    },
    close() {
      client.destroy();
    }
  };
}
