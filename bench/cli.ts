/** Command-line options of `npm run bench` (node --import tsx bench/run.ts [options]). */
import { parseArgs } from 'node:util';
import type { ReaderRole } from './board.js';
import { DEFAULT_SERVERS, SERVER_KINDS, type ServerKind } from './servers.js';
import type { TransportKind } from './transport.js';

export interface BenchOptions {
  servers: ServerKind[];
  /** Scenario groups or ids to run; empty = all. */
  only: string[];
  readers: number[];
  writers: number;
  rates: number[];
  durationS: number;
  /** Two-instance (Redis) fan-out: N and R (default 1,000 and 200; --n and --r when given). */
  redisReaders: number[];
  redisRates: number[];
  redisUrl: string;
  /**
   * LIMIT_FLUSH_MICROS_PER_CONNECTION of each of the two instances (null: the server default).
   * They share this machine's cores, so by default each gets twice the default per-connection
   * interval, as docs/limits.md says for instances that share a machine.
   */
  redisFlushMicros: number | null;
  /** Boards loaded in the anti-entropy scenario (default 500). */
  antiEntropyBoards: number;
  joinReaders: number;
  joinCards: number;
  /** QR-code stampede: phones, over how many seconds, onto how many cards, from how many addresses (one scenario each). */
  stampedePhones: number;
  stampedeS: number;
  stampedeCards: number;
  stampedeAddresses: number[];
  /** Many events at once: boards loaded (default 200). */
  boards: number;
  /** Seconds of the many-boards active phase (default 20). */
  boardsActiveS: number;
  memoryReaders: number;
  headroomReaders: number;
  headroomRates: number[];
  headroomDurationS: number;
  headroomP99Ms: number;
  headroomAwareness: boolean;
  awareness: boolean;
  awarenessRenewal: boolean;
  readerRole: ReaderRole;
  transport: TransportKind;
  deflate: boolean;
  drainMs: number;
  /** Seconds of cards sent before each fan-out's timed phase, not counted (0 for the headroom steps). */
  warmupS: number;
  maxGeneratorLagMs: number;
  budgetS: number;
  renice: number;
  /** Our server's entry file (default dist/server/main.js). */
  projectEntry: string | null;
  /** Write a V8 CPU profile of every project server run into this directory. */
  cpuProfDir: string | null;
  /** Extra node flags for the project server (e.g. --trace-gc, --max-semi-space-size=32). */
  serverNodeFlags: string[];
  serverLog: string | null;
  out: string;
  /** Also write bench/results/<date>.json. */
  baseline: boolean;
  smoke: boolean;
}

export const USAGE = `npm run bench -- [options]      (or: node --import tsx bench/run.ts [options])

  --only LIST            scenario groups or ids: fanout (both paths), memory, join, headroom, redis,
                         stampede, boards, anti-entropy, pdf, hostile,
                         or ids such as fanout-n1000-r200 (default: all)
  --servers LIST         project,reference,hocuspocus,floor (default: project,reference,hocuspocus;
                         floor is the harness floor, a relay with no document: fan-out, memory
                         and headroom only)
  --n LIST               fan-out reader counts N (default 200,1000)
  --w N                  writers W (default 5)
  --r LIST               total card rates R per second (default 50,200,500)
  --d SECONDS            send duration D (default 10)
  --redis-url URL        Redis for the two-instance scenario (default "private": a redis-server of
                         its own, started by the scenario at the servers' priority; e.g.
                         --redis-url "$REDIS_URL" for a shared one); N=1000 R=200 unless --n/--r
  --redis-flush-micros N LIMIT_FLUSH_MICROS_PER_CONNECTION of both instances (default 40: two
                         instances share this machine's cores, see docs/limits.md; 0 = the
                         server's default)
  --join-n N --k K       join: N clients onto a board of K cards (default 500, 2000)
  --memory-n N           idle clients for RSS per connection (default 1000)
  --stampede-phones N    QR-code stampede: phones (default 1500)
  --stampede-s SECONDS   over how long they start (default 5)
  --stampede-k K         cards on the board (default 2000)
  --stampede-addresses L loopback addresses the phones come from, one scenario each (default 1,50)
  --boards B             many events at once: boards (default 200), 20 readers and 1 writer each
  --boards-d SECONDS     the active phase of many events at once (default 20)
  --headroom-n N         headroom readers (default 1000)
  --headroom-rates LIST  rates to step through (default 50,100,200,300,400,600,800,1000,1500,2000)
  --headroom-d SECONDS   duration of each headroom step (default 5)
  --headroom-p99 MS      p99 limit of a passing step (default 100)
  --headroom-awareness   awareness (on join, renewed every 15 s) in the headroom search too
                         (default off: the search measures card fan-out alone)
  --no-awareness         clients send no awareness state on join
  --no-renewal           no awareness renewal every 15 s in fan-out runs
  --readers ROLE         audience (default) or panelist: the readers of the memory, join,
                         headroom and two-instance scenarios on the project server (fan-out
                         runs both: fanout-n…-r… audience, fanout-full-n…-r… panelist)
  --transport KIND       raw (default) or ws (the ws package)
  --deflate              offer permessage-deflate (ws transport only)
  --drain-ms MS          wait for late deliveries after the last send (default 5000)
  --warmup-s SECONDS     cards at rate R sent before each fan-out's timed phase and left out of
                         its figures (default 2; the smoke and the headroom steps use 0)
  --max-lag-ms MS        generator event-loop lag p99 that marks a run generator-limited (default 50)
  --budget-s SECONDS     stop starting scenarios after this long (default 720)
  --renice N             run this process and the servers at nice N (default -10, so other work on a
                         shared machine disturbs the figures less; 0 = leave, the smoke's default;
                         falls back if not permitted)
  --project-entry FILE   our server's built entry (default dist/server/main.js), e.g. a build of a
                         clean checkout of one commit
  --cpu-prof DIR         run the project server with node --cpu-prof, profiles into DIR
  --server-node-flags S  more node flags for the project server, space-separated, e.g.
                         --server-node-flags="--trace-gc" (output: see --server-log)
  --server-log FILE      append the servers' stdout and stderr to FILE
  --out FILE             results file (default bench/results/latest.json)
  --baseline             also write bench/results/<UTC date>.json
  --smoke                N=20 W=2 R=20 D=3, fan-out only; exit code 1 on any loss
  --help`;

const list = (v: string | undefined, fallback: number[]): number[] => (v === undefined ? fallback : v.split(',').map((x) => positive(x.trim(), 'list value')));

function positive(v: string, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${what}: expected a positive number, got "${v}"`);
  return n;
}

const num = (v: string | undefined, fallback: number, what: string): number => (v === undefined ? fallback : positive(v, what));

/** Two instances share the machine: twice the server's default 20 µs (0 leaves the default). */
const REDIS_FLUSH_MICROS = 40;

function redisFlushMicros(v: string | undefined): number | null {
  if (v === undefined) return REDIS_FLUSH_MICROS;
  if (v.trim() === '0') return null;
  return positive(v, '--redis-flush-micros');
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      only: { type: 'string' },
      servers: { type: 'string' },
      n: { type: 'string' },
      w: { type: 'string' },
      r: { type: 'string' },
      d: { type: 'string' },
      'redis-url': { type: 'string' },
      'redis-flush-micros': { type: 'string' },
      'anti-entropy-boards': { type: 'string' },
      'join-n': { type: 'string' },
      k: { type: 'string' },
      'memory-n': { type: 'string' },
      'stampede-phones': { type: 'string' },
      'stampede-s': { type: 'string' },
      'stampede-k': { type: 'string' },
      'stampede-addresses': { type: 'string' },
      boards: { type: 'string' },
      'boards-d': { type: 'string' },
      'headroom-n': { type: 'string' },
      'headroom-rates': { type: 'string' },
      'headroom-d': { type: 'string' },
      'headroom-p99': { type: 'string' },
      'headroom-awareness': { type: 'boolean' },
      'no-awareness': { type: 'boolean' },
      'no-renewal': { type: 'boolean' },
      readers: { type: 'string' },
      transport: { type: 'string' },
      deflate: { type: 'boolean' },
      'drain-ms': { type: 'string' },
      'warmup-s': { type: 'string' },
      'max-lag-ms': { type: 'string' },
      'budget-s': { type: 'string' },
      renice: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'server-node-flags': { type: 'string' },
      'server-log': { type: 'string' },
      'project-entry': { type: 'string' },
      out: { type: 'string' },
      baseline: { type: 'boolean' },
      smoke: { type: 'boolean' },
      help: { type: 'boolean' }
    }
  });
  if (values.help) return 'help';
  const servers = (values.servers ?? DEFAULT_SERVERS.join(',')).split(',').map((s) => s.trim());
  for (const s of servers) if (!(SERVER_KINDS as readonly string[]).includes(s)) throw new Error(`--servers: unknown server "${s}"`);
  const readerRole = values.readers ?? 'audience';
  if (readerRole !== 'audience' && readerRole !== 'panelist') throw new Error('--readers: audience or panelist');
  const transport = values.transport ?? 'raw';
  if (transport !== 'raw' && transport !== 'ws') throw new Error('--transport: raw or ws');
  const smoke = values.smoke === true;
  // the smoke checks the runner, not the machine: it leaves priorities alone
  const renice = values.renice === undefined ? (smoke ? 0 : -10) : Number(values.renice);
  if (!Number.isInteger(renice) || renice < -20 || renice > 19) throw new Error('--renice: an integer from -20 to 19');
  return {
    servers: servers as ServerKind[],
    only: smoke
      ? ['fanout']
      : (values.only ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
    readers: smoke ? [20] : list(values.n, [200, 1000]),
    writers: smoke ? 2 : num(values.w, 5, '--w'),
    rates: smoke ? [20] : list(values.r, [50, 200, 500]),
    durationS: smoke ? 3 : num(values.d, 10, '--d'),
    redisReaders: list(values.n, [1000]),
    redisRates: list(values.r, [200]),
    redisUrl: values['redis-url'] ?? 'private',
    redisFlushMicros: redisFlushMicros(values['redis-flush-micros']),
    antiEntropyBoards: num(values['anti-entropy-boards'], 500, '--anti-entropy-boards'),
    joinReaders: num(values['join-n'], 500, '--join-n'),
    joinCards: num(values.k, 2000, '--k'),
    memoryReaders: num(values['memory-n'], 1000, '--memory-n'),
    stampedePhones: num(values['stampede-phones'], 1500, '--stampede-phones'),
    stampedeS: num(values['stampede-s'], 5, '--stampede-s'),
    stampedeCards: num(values['stampede-k'], 2000, '--stampede-k'),
    stampedeAddresses: list(values['stampede-addresses'], [1, 50]),
    boards: num(values.boards, 200, '--boards'),
    boardsActiveS: num(values['boards-d'], 20, '--boards-d'),
    headroomReaders: num(values['headroom-n'], 1000, '--headroom-n'),
    headroomRates: list(values['headroom-rates'], [50, 100, 200, 300, 400, 600, 800, 1000, 1500, 2000]),
    headroomDurationS: num(values['headroom-d'], 5, '--headroom-d'),
    headroomP99Ms: num(values['headroom-p99'], 100, '--headroom-p99'),
    headroomAwareness: values['headroom-awareness'] === true,
    awareness: values['no-awareness'] !== true,
    awarenessRenewal: values['no-renewal'] !== true && values['no-awareness'] !== true,
    readerRole,
    transport,
    deflate: values.deflate === true,
    drainMs: num(values['drain-ms'], 5_000, '--drain-ms'),
    warmupS: smoke || values['warmup-s'] === '0' ? 0 : num(values['warmup-s'], 2, '--warmup-s'),
    maxGeneratorLagMs: num(values['max-lag-ms'], 50, '--max-lag-ms'),
    budgetS: num(values['budget-s'], 720, '--budget-s'),
    renice,
    cpuProfDir: values['cpu-prof'] ?? null,
    serverNodeFlags: (values['server-node-flags'] ?? '').split(' ').filter(Boolean),
    serverLog: values['server-log'] ?? null,
    projectEntry: values['project-entry'] ?? null,
    out: values.out ?? 'bench/results/latest.json',
    baseline: values.baseline === true,
    smoke
  };
}
