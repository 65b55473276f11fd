/** The scenarios of a run, built from the options: ids, titles, parameters and how to run each. */
import type { BenchOptions } from './cli.js';
import { redisServerMissing, runAntiEntropy, type AntiEntropyParams, type AntiEntropyResult } from './scenarios/anti-entropy.js';
import { runFanout, type FanoutParams, type FanoutResult } from './scenarios/fanout.js';
import { runHeadroom, type HeadroomResult } from './scenarios/headroom.js';
import { runInspectCost, runSyncFlood, type FrameShape } from './scenarios/hostile-cost.js';
import type { FiguresResult } from './figures.js';
import { runHostileImport, type HostileImportResult } from './scenarios/hostile-import.js';
import { runJoin, type JoinResult } from './scenarios/join.js';
import { runManyBoards, type ManyBoardsParams } from './scenarios/many-boards.js';
import { runMemory, type MemoryResult } from './scenarios/memory.js';
import { runPdfExport, type PdfExportResult } from './scenarios/pdf-export.js';
import { placeholder, PLACEHOLDERS, type PlaceholderResult } from './scenarios/placeholders.js';
import { pingRedis, runRedisFanout, type RedisFanoutParams } from './scenarios/redis.js';
import { runStampede, type StampedeParams } from './scenarios/stampede.js';
import { withServer, type ServerKind } from './servers.js';

export type Group = 'fanout' | 'memory' | 'join' | 'stampede' | 'boards' | 'headroom' | 'redis' | 'anti-entropy' | 'pdf' | 'hostile';

export type ScenarioResult =
  | { kind: 'fanout'; result: FanoutResult }
  | { kind: 'memory'; result: MemoryResult }
  | { kind: 'join'; result: JoinResult }
  | { kind: 'headroom'; result: HeadroomResult }
  | { kind: 'pdf'; result: PdfExportResult }
  /** Any scenario of the hostile group: named figures (figures.ts). */
  | { kind: 'hostile'; result: FiguresResult }
  /** Named figures of a scenario's own (stampede, many boards), printed as they come. */
  | { kind: 'figures'; result: FiguresResult }
  | { kind: 'anti-entropy'; result: AntiEntropyResult }
  | { kind: 'hostile-import'; result: HostileImportResult }
  | { kind: 'placeholder'; result: PlaceholderResult };

export interface Scenario {
  id: string;
  group: Group;
  title: string;
  params: Record<string, unknown>;
  /** Run order (lower first): scenarios with targets first, so the time budget cuts the others. */
  priority: number;
  /**
   * For servers without roles (the peers) this scenario is the same load as the one with this
   * id: they are not run again, and their outcome is copied from it (it runs first, by priority).
   */
  sameLoadAs?: string;
  /** Checked before the run: a reason to skip it (e.g. no Redis), or null. */
  precheck?: () => Promise<string | null>;
  /** null: nothing to run yet (placeholder). */
  run: ((kind: ServerKind, deadline: number) => Promise<ScenarioResult>) | null;
}

/**
 * The full path seats N readers on the panelist link, past the panelist's reserve on a board
 * (LIMIT_RESERVED_STAFF_CONNECTIONS_PER_BOARD, 200: close 4529). That scenario alone lifts it to
 * N + W + 100; the projection path keeps every per-board limit as shipped.
 */
const fullPathEnv = (readers: number, writers: number): Record<string, string> => ({
  LIMIT_RESERVED_STAFF_CONNECTIONS_PER_BOARD: String(Math.max(200, readers + writers + 100))
});

export function planScenarios(o: BenchOptions): Scenario[] {
  const connect = { transport: o.transport, deflate: o.deflate, awareness: o.awareness };
  const fanoutBase = (readers: number): Omit<FanoutParams, 'ratePerS'> => ({
    readers,
    writers: o.writers,
    durationS: o.durationS,
    awareness: o.awareness,
    awarenessRenewal: o.awarenessRenewal,
    readerRole: o.readerRole,
    transport: o.transport,
    deflate: o.deflate,
    drainMs: o.drainMs,
    warmupS: o.warmupS,
    maxGeneratorLagMs: o.maxGeneratorLagMs
  });
  const all: Scenario[] = [];
  // Two paths per N and R. Projection (the hall's): readers on the audience token receive the
  // public projection of the board. Full: readers on the panelist token hold the full document.
  // The peers have no roles, so their full-path figures are those of the projection run (sameLoadAs).
  for (const n of o.readers) {
    for (const r of o.rates) {
      const renewal = o.awarenessRenewal ? ', awareness renewal' : '';
      const projection: FanoutParams = { ...fanoutBase(n), ratePerS: r, readerRole: 'audience' };
      const full: FanoutParams = { ...fanoutBase(n), ratePerS: r, readerRole: 'panelist' };
      const id = `fanout-n${n}-r${r}`;
      const priority = n === 1000 && r === 200 ? 0 : 4;
      all.push({
        id,
        group: 'fanout',
        title: `Fan-out, projection path (audience readers) N=${n} W=${o.writers} R=${r}/s D=${o.durationS}s${renewal}`,
        params: { ...projection },
        priority,
        run: async (kind) => ({ kind: 'fanout', result: await withServer(kind, (s) => runFanout(s, projection)) })
      });
      all.push({
        id: `fanout-full-n${n}-r${r}`,
        group: 'fanout',
        title: `Fan-out, full path (panelist readers) N=${n} W=${o.writers} R=${r}/s D=${o.durationS}s${renewal}`,
        params: { ...full },
        priority: priority + 0.1,
        sameLoadAs: id,
        run: async (kind) => ({ kind: 'fanout', result: await withServer(kind, (s) => runFanout(s, full), fullPathEnv(n, o.writers)) })
      });
    }
  }
  const memory = { readers: o.memoryReaders, readerRole: o.readerRole, connect, timeoutMs: 20_000 };
  all.push({
    id: `memory-n${o.memoryReaders}`,
    group: 'memory',
    title: `RSS per idle client, N=${o.memoryReaders}`,
    params: { ...memory },
    priority: 1,
    run: async (kind) => ({ kind: 'memory', result: await withServer(kind, (s) => runMemory(s, memory)) })
  });
  const join = { readers: o.joinReaders, cards: o.joinCards, readerRole: o.readerRole, connect, timeoutMs: 30_000 };
  all.push({
    id: `join-n${o.joinReaders}-k${o.joinCards}`,
    group: 'join',
    title: `Join N=${o.joinReaders} onto K=${o.joinCards} cards`,
    params: { ...join },
    priority: 2,
    run: async (kind) => ({ kind: 'join', result: await withServer(kind, (s) => runJoin(s, join)) })
  });
  for (const addresses of o.stampedeAddresses) {
    const stampede: StampedeParams = {
      phones: o.stampedePhones,
      overMs: o.stampedeS * 1000,
      cards: o.stampedeCards,
      addresses,
      targetP99Ms: 3_000,
      connect,
      timeoutMs: 30_000
    };
    all.push({
      id: `stampede-p${stampede.phones}-k${stampede.cards}-a${addresses}`,
      group: 'stampede',
      title: `QR-code stampede: ${stampede.phones} phones over ${o.stampedeS} s onto K=${stampede.cards} cards, pages and files over HTTP, then Yjs and socket.io, from ${addresses === 1 ? 'one address (a venue NAT)' : `${addresses} addresses`}; per-address limits as shipped`,
      params: { ...stampede },
      priority: 2.1,
      run: async (kind) => ({ kind: 'figures', result: await withServer(kind, (s) => runStampede(s, stampede), {}, { shippedLimits: true }) })
    });
  }
  const boards: ManyBoardsParams = {
    boards: o.boards,
    readersPerBoard: 20,
    cardsPerSecond: 1,
    activeS: o.boardsActiveS,
    idleS: 10,
    targetIdleMBPerBoard: 2,
    connect,
    timeoutMs: 30_000
  };
  all.push({
    id: `boards-b${boards.boards}`,
    group: 'boards',
    title: `Many events at once: ${boards.boards} boards, each with ${boards.readersPerBoard} audience readers and 1 writer; idle ${boards.idleS} s, then ${boards.cardsPerSecond} card/s per board for ${boards.activeS} s`,
    params: { ...boards },
    priority: 2.2,
    run: async (kind) => ({ kind: 'figures', result: await withServer(kind, (s) => runManyBoards(s, boards)) })
  });
  const headroomBase = {
    ...fanoutBase(o.headroomReaders),
    durationS: o.headroomDurationS,
    warmupS: 0,
    awareness: o.headroomAwareness && o.awareness,
    awarenessRenewal: o.headroomAwareness && o.awarenessRenewal
  };
  all.push({
    id: `headroom-n${o.headroomReaders}`,
    group: 'headroom',
    title: `Headroom: highest R with p99 ≤ ${o.headroomP99Ms} ms, N=${o.headroomReaders}`,
    params: { ...headroomBase, rates: o.headroomRates, p99LimitMs: o.headroomP99Ms },
    priority: 3,
    run: async (kind, deadline) => ({
      kind: 'headroom',
      result: await runHeadroom(kind, { base: headroomBase, rates: o.headroomRates, p99LimitMs: o.headroomP99Ms, deadline })
    })
  });
  const pdf = { cards: 2000 };
  all.push({
    id: 'pdf-2000',
    group: 'pdf',
    title: PLACEHOLDERS['pdf-2000'].title,
    params: { ...pdf },
    priority: 5,
    // Exports exist only in the project server; the reference run reports the board size it would use.
    run: async (kind) =>
      kind === 'project'
        ? { kind: 'pdf', result: await withServer(kind, (s) => runPdfExport(s, pdf)) }
        : {
            kind: 'pdf',
            result: {
              ok: true,
              problems: ['not applicable: the reference server has no exports'],
              cards: pdf.cards,
              importMs: 0,
              exportMs: 0,
              firstByteMs: 0,
              pdfBytes: 0,
              serverRssMB: 0
            }
          }
  });
  // Hostile cost (issue 13): importing the largest board an import accepts, once and three at once.
  const hostileImport = { concurrent: 3, settleMs: 4000 };
  all.push({
    id: 'hostile-import',
    group: 'hostile',
    title: 'Hostile cost: import of the largest allowed board (loop lag, peak RSS)',
    params: { ...hostileImport },
    priority: 5.5,
    run: async (kind) =>
      kind === 'project'
        ? { kind: 'hostile-import', result: await runHostileImport(hostileImport) }
        : { kind: 'placeholder', result: { ok: false, notAvailableYet: true, problems: ['not applicable: the reference server has no import'], plan: 'project server only' } }
  });
  for (const n of o.redisReaders) {
    for (const r of o.redisRates) {
      const params: RedisFanoutParams = { ...fanoutBase(n), ratePerS: r, redisUrl: o.redisUrl, flushMicrosPerConnection: o.redisFlushMicros };
      all.push({
        id: `redis-2x-n${n}-r${r}`,
        group: 'redis',
        title: `Two instances behind Redis: fan-out N=${n} (split evenly) W=${o.writers} R=${r}/s D=${o.durationS}s${o.awarenessRenewal ? ', awareness renewal' : ''}, ${o.redisFlushMicros === null ? 'default flush interval' : `${o.redisFlushMicros} µs per connection`}`,
        params: { ...params },
        priority: 3.5,
        precheck: async () => {
          if (o.redisUrl === 'private') return redisServerMissing();
          const why = await pingRedis(o.redisUrl);
          return why ? `skipped: no Redis at ${o.redisUrl} (${why})` : null;
        },
        // the reference has no scale-out: runOne reports it as not applicable
        run: async (kind) => ({ kind: 'fanout', result: await runRedisFanout(kind, params) })
      });
    }
  }
  const entropy: AntiEntropyParams = { boards: o.antiEntropyBoards, cardsPerBoard: 20, cycles: 3, intervalMs: 15_000 };
  all.push({
    id: `anti-entropy-b${entropy.boards}`,
    group: 'anti-entropy',
    title: `Anti-entropy on an idle instance with Redis: ${entropy.boards} boards loaded (${entropy.cardsPerBoard} cards each), per ${entropy.intervalMs / 1000} s cycle over ${entropy.cycles} cycles`,
    params: { ...entropy },
    priority: 6,
    precheck: async () => redisServerMissing(),
    // the reference has no scale-out: runOne reports it as not applicable
    run: async () => ({ kind: 'anti-entropy', result: await runAntiEntropy(entropy) })
  });
  all.push(...hostileScenarios());
  if (o.only.length === 0) return all;
  return all.filter((s) => o.only.includes(s.group) || o.only.includes(s.id));
}

/** What hostile input costs (issue 13); the project server only: the reference has no checks to measure. */
function hostileScenarios(): Scenario[] {
  const notApplicable: ScenarioResult = { kind: 'hostile', result: { ok: true, problems: ['not applicable: the reference server checks nothing'], figures: [] } };
  const inspect = (shape: FrameShape, what: string): Scenario => {
    const params = { shape, sizes: [10_000, 100_000, 1_000_000], timeoutMs: 30_000 };
    return {
      id: `hostile-inspect-${shape}`,
      group: 'hostile',
      title: `Hostile cost: one ${what} frame of 10k / 100k / 1M structs`,
      params: { ...params },
      priority: 6,
      run: async (kind) => (kind === 'project' ? { kind: 'hostile', result: await runInspectCost(kind, params) } : notApplicable)
    };
  };
  const flood = { cards: 300, requests: 1_000, timeoutMs: 30_000 };
  return [
    inspect('audience-items', 'audience (array items inserted before one another)'),
    inspect('panelist-chain', 'panelist (one origin chain)'),
    {
      id: 'hostile-step1-flood',
      group: 'hostile',
      title: `Hostile cost: ${flood.requests} sync step 1 with distinct state vectors on ${flood.cards} cards`,
      params: { ...flood },
      priority: 6,
      run: async (kind) => (kind === 'project' ? { kind: 'hostile', result: await withServer(kind, (s) => runSyncFlood(s, flood)) } : notApplicable)
    }
  ];
}

export { placeholder };
