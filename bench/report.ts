/** The comparison table and the results file (the targets are judged in targets.ts). */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import type { BenchOptions } from './cli.js';
import type { ScenarioResult } from './plan.js';
import { SERVER_LABELS, type ServerKind } from './servers.js';
import type { Target } from './targets.js';

export type Outcome =
  | {
      status: 'ok' | 'fail';
      seconds: number;
      data: ScenarioResult;
      /** A peer's figures copied from the scenario of the same load (no roles: see Scenario.sameLoadAs). */
      sameLoadAs?: string;
      /** A noisy first attempt was repeated; this is the one not kept (the kept one had less other load). */
      otherAttempt?: { backgroundCpuPct: number | null; summary: string };
    }
  | { status: 'error'; seconds: number; error: string }
  | { status: 'unavailable' | 'skipped' | 'not-available-yet'; reason: string };

export interface ScenarioRecord {
  id: string;
  group: string;
  title: string;
  params: Record<string, unknown>;
  outcomes: Partial<Record<ServerKind, Outcome>>;
}

/** Background CPU (other processes) above this share of one core marks a figure as noisy. */
const NOISY_BACKGROUND_PCT = 25;

type Row = [string, (o: ScenarioResult) => number | string | null, 'lower' | 'higher' | null];

const ROWS: Record<ScenarioResult['kind'], Row[]> = {
  fanout: [
    ['p50 latency ms', (d) => (d.kind === 'fanout' ? d.result.latencyMs.p50 : null), 'lower'],
    ['p95 latency ms', (d) => (d.kind === 'fanout' ? d.result.latencyMs.p95 : null), 'lower'],
    ['p99 latency ms', (d) => (d.kind === 'fanout' ? d.result.latencyMs.p99 : null), 'lower'],
    ['max latency ms', (d) => (d.kind === 'fanout' ? d.result.latencyMs.max : null), 'lower'],
    // the load generator's own CPU (process.cpuUsage over the send and drain window), beside the latency it measured
    [
      'generator CPU % of a core / lag p99 ms',
      (d) => (d.kind === 'fanout' && d.result.cardsSent > 0 ? `${d.result.generator.cpuPct} / ${d.result.generator.loopLagP99Ms}` : null),
      null
    ],
    ['  first reader p50 / p99 ms', (d) => (d.kind === 'fanout' && d.result.firstReaderMs ? `${d.result.firstReaderMs.p50} / ${d.result.firstReaderMs.p99}` : null), null],
    ['  first → last reader p50 / p99 ms', (d) => (d.kind === 'fanout' && d.result.spreadMs ? `${d.result.spreadMs.p50} / ${d.result.spreadMs.p99}` : null), null],
    ['lost / late (>1 s)', (d) => (d.kind === 'fanout' ? `${d.result.lost} / ${d.result.late}` : null), null],
    ['achieved rate /s', (d) => (d.kind === 'fanout' ? d.result.achievedRatePerS : null), null],
    ['server CPU % of a core', (d) => (d.kind === 'fanout' ? d.result.serverCpuPct : null), 'lower'],
    ['server CPU µs per delivered card', (d) => (d.kind === 'fanout' ? d.result.serverCpuUsPerDelivery : null), 'lower'],
    ['server RSS MB (end)', (d) => (d.kind === 'fanout' ? d.result.serverRssMB : null), 'lower'],
    ['bytes received per delivered card', (d) => (d.kind === 'fanout' ? d.result.bytesPerDeliveredCard : null), 'lower'],
    ['duplicates / full resyncs', (d) => (d.kind === 'fanout' ? `${d.result.duplicates} / ${d.result.resyncs}` : null), null],
    ['readers seated in ms', (d) => (d.kind === 'fanout' ? d.result.connectAllMs : null), 'lower'],
    ['other load on the machine, % of a core', (d) => (d.kind === 'fanout' ? d.result.backgroundCpuPct : null), null]
  ],
  memory: [
    ['RSS per idle client KB', (d) => (d.kind === 'memory' ? d.result.rssPerIdleClientKB : null), 'lower'],
    ['RSS empty → idle MB', (d) => (d.kind === 'memory' ? `${d.result.rssEmptyMB} → ${d.result.rssIdleMB}` : null), null]
  ],
  join: [
    ['all joined ms', (d) => (d.kind === 'join' ? d.result.allJoinedMs : null), 'lower'],
    ['per client p50 / p95 ms', (d) => (d.kind === 'join' ? `${d.result.perClientMs.p50} / ${d.result.perClientMs.p95}` : null), null],
    ['joined / failed / incomplete', (d) => (d.kind === 'join' ? `${d.result.joined} / ${d.result.failed} / ${d.result.incomplete}` : null), null],
    ['sync step 2 bytes', (d) => (d.kind === 'join' ? d.result.step2Bytes : null), 'lower'],
    ['server CPU % during join', (d) => (d.kind === 'join' ? d.result.serverCpuPct : null), null],
    ['other load on the machine, % of a core', (d) => (d.kind === 'join' ? d.result.backgroundCpuPct : null), null]
  ],
  headroom: [
    [
      'headroom rate /s',
      (d) =>
        d.kind === 'headroom'
          ? d.result.headroomRatePerS === null
            ? `< ${d.result.steps[0]?.ratePerS ?? '?'}`
            : `${d.result.lowerBound ? '≥ ' : ''}${d.result.headroomRatePerS}`
          : null,
      'higher'
    ],
    ['stopped by', (d) => (d.kind === 'headroom' ? d.result.stoppedBy : null), null],
    ['steps (R: p99 ms)', (d) => (d.kind === 'headroom' ? d.result.steps.map((s) => `${s.ratePerS}:${s.pass ? '' : '✗'}${s.p99Ms}`).join(' ') : null), null]
  ],
  pdf: [
    ['cards', (d) => (d.kind === 'pdf' ? d.result.cards : null), null],
    ['PDF export ms (to last byte)', (d) => (d.kind === 'pdf' && d.result.exportMs > 0 ? d.result.exportMs : null), 'lower'],
    ['PDF first byte ms', (d) => (d.kind === 'pdf' && d.result.exportMs > 0 ? d.result.firstByteMs : null), 'lower'],
    ['PDF KB', (d) => (d.kind === 'pdf' && d.result.exportMs > 0 ? Math.round(d.result.pdfBytes / 1024) : null), null],
    ['import ms', (d) => (d.kind === 'pdf' && d.result.exportMs > 0 ? d.result.importMs : null), 'lower'],
    ['server RSS MB (after)', (d) => (d.kind === 'pdf' && d.result.exportMs > 0 ? d.result.serverRssMB : null), 'lower']
  ],
  hostile: [], // named figures of their own: hostileSection
  figures: [], // the same
  'anti-entropy': [
    ['boards loaded (documents)', (d) => (d.kind === 'anti-entropy' ? `${d.result.boards} (${d.result.docs})` : null), null],
    ['Redis commands per cycle', (d) => (d.kind === 'anti-entropy' ? d.result.perCycle.redisCommands : null), 'lower'],
    [
      '  by command',
      (d) =>
        d.kind === 'anti-entropy'
          ? Object.entries(d.result.perCycle.byCommand)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')
          : null,
      null
    ],
    ['Redis bytes in per cycle', (d) => (d.kind === 'anti-entropy' ? d.result.perCycle.redisBytesIn : null), 'lower'],
    ['Redis bytes out per cycle', (d) => (d.kind === 'anti-entropy' ? d.result.perCycle.redisBytesOut : null), 'lower'],
    ['server CPU ms per cycle', (d) => (d.kind === 'anti-entropy' ? d.result.perCycle.serverCpuMs : null), 'lower'],
    ['boards loaded in ms', (d) => (d.kind === 'anti-entropy' ? d.result.loadMs : null), null]
  ],
  'hostile-import': [
    ['board KB / cards / votes', (d) => (d.kind === 'hostile-import' ? `${Math.round(d.result.boardBytes / 1024)} / ${d.result.cards} / ${d.result.votes}` : null), null],
    ['import ms (1 / 3 at once)', (d) => (d.kind === 'hostile-import' ? `${d.result.single.wallMs} / ${d.result.concurrent.wallMs}` : null), null],
    ['server loop lag p99 / max ms, 1 import', (d) => (d.kind === 'hostile-import' ? `${d.result.single.loopLagP99Ms} / ${d.result.single.loopLagMaxMs}` : null), null],
    ['server loop lag p99 / max ms, 3 at once', (d) => (d.kind === 'hostile-import' ? `${d.result.concurrent.loopLagP99Ms} / ${d.result.concurrent.loopLagMaxMs}` : null), null],
    ['/healthz probe p99 / max ms, 3 at once', (d) => (d.kind === 'hostile-import' ? `${d.result.concurrent.lagP99Ms} / ${d.result.concurrent.lagMaxMs}` : null), null],
    ['server loop lag max ms (3 at once)', (d) => (d.kind === 'hostile-import' ? d.result.concurrent.loopLagMaxMs : null), 'lower'],
    ['peak RSS MB (VmHWM)', (d) => (d.kind === 'hostile-import' ? d.result.peakRssMB : null), 'lower'],
    ['RSS before → after MB', (d) => (d.kind === 'hostile-import' ? `${d.result.rssBeforeMB} → ${d.result.rssAfterMB}` : null), null]
  ],
  placeholder: []
};

const redisOf = (d: ScenarioResult) => (d.kind === 'fanout' ? (d.result.redis ?? null) : null);

/** Redis's own cost over the timed window of the two-instance scenario (bench/redis-cost.ts). */
const REDIS_ROWS: Row[] = [
  ['Redis CPU % of a core', (d) => redisOf(d)?.cpuPct ?? null, 'lower'],
  ['Redis CPU µs per card written', (d) => redisOf(d)?.perCardWritten.cpuUs ?? null, 'lower'],
  ['Redis CPU µs per delivered card', (d) => redisOf(d)?.perDeliveredCard.cpuUs ?? null, 'lower'],
  ['Redis commands per card written', (d) => redisOf(d)?.perCardWritten.commands ?? null, 'lower'],
  ['Redis bytes in per card written', (d) => redisOf(d)?.perCardWritten.bytesIn ?? null, 'lower'],
  ['Redis bytes out per card written', (d) => redisOf(d)?.perCardWritten.bytesOut ?? null, 'lower']
];

/** Whose work Redis's counters hold. */
function redisNote(...outcomes: Array<Outcome | undefined>): string {
  const costs = outcomes.flatMap((o) => (o && 'data' in o ? [redisOf(o.data)] : [])).filter((c) => c !== null);
  if (costs.length === 0) return 'not read';
  return costs.some((c) => c.shared) ? "a shared Redis: its counters include other clients' work in the window" : "a private redis-server: this run's work only";
}

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function headroomNumber(o: Outcome | undefined): number | null {
  return o && 'data' in o && o.data.kind === 'headroom' ? o.data.result.headroomRatePerS : null;
}

function cell(o: Outcome | undefined, get: Row[1]): string {
  if (!o) return '–';
  if (!('data' in o)) return o.status === 'error' ? 'error' : o.status;
  const v = get(o.data);
  return v === null ? '–' : typeof v === 'number' && !Number.isFinite(v) ? '–' : String(v);
}

function flags(o: Outcome | undefined): string {
  if (!o) return '';
  if (o.status === 'error') return `ERROR: ${o.error.split('\n')[0]}`;
  if (!('data' in o)) return o.reason;
  const parts: string[] = [o.status === 'ok' ? 'ok' : `FAIL: ${o.data.result.problems.join('; ')}`];
  if (o.data.kind === 'fanout') {
    if (o.data.result.generator.limited) parts.push(`generator-limited (${o.data.result.generator.why})`);
  }
  if ((o.data.kind === 'fanout' || o.data.kind === 'join') && o.data.result.backgroundCpuPct > NOISY_BACKGROUND_PCT) {
    parts.push('noisy: other processes were busy');
  }
  return parts.join(', ');
}

/** The peers every figure of ours is set beside, in the table's column order. */
const PEERS = ['reference', 'hocuspocus'] as const satisfies readonly ServerKind[];
const KINDS = ['project', ...PEERS] as const;
const COL = 20;
type Pad = (s: string, n: number) => string;

/** The table's columns: ours, the peers, and the floor when the run has it (no ratio: not a competitor). */
const columnsOf = (records: readonly ScenarioRecord[]): readonly ServerKind[] => [...KINDS, ...(records.some((r) => r.outcomes.floor) ? (['floor'] as const) : [])];
const width = (k: ServerKind): number => Math.max(COL, SERVER_LABELS[k].length);
const row = (kinds: readonly ServerKind[], pad: Pad, value: (k: ServerKind) => string): string => kinds.map((k) => pad(value(k), width(k))).join(' ');

export function formatTable(records: readonly ScenarioRecord[]): string {
  const lines: string[] = [];
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const kinds = columnsOf(records);
  lines.push(`${pad('figure', 40)} ${row(kinds, pad, (k) => SERVER_LABELS[k])} ratio (project ÷ ${PEERS.join(', project ÷ ')})`);
  for (const rec of records) {
    lines.push('', `## ${rec.title}  [${rec.id}]`);
    if (rec.group === 'redis') {
      lines.push(...redisSection(rec, records, pad));
      continue;
    }
    const any = kinds.map((k) => rec.outcomes[k]).find(Boolean);
    const sample = kinds.map((k) => rec.outcomes[k]).find((o) => o && 'data' in o);
    const kind = sample && 'data' in sample ? sample.data.kind : null;
    if (kind === 'hostile' || kind === 'figures') {
      lines.push(...hostileSection(rec, kinds, pad));
      continue;
    }
    if (!kind || kind === 'placeholder') {
      lines.push(`  ${!any ? 'not run' : 'reason' in any ? any.reason : 'no figures'}`);
      continue;
    }
    for (const [label, get, better] of ROWS[kind]) {
      const p = cell(rec.outcomes.project, get);
      const pv = numeric(Number(p));
      const ratios = PEERS.map((peer) => {
        const rv = numeric(Number(cell(rec.outcomes[peer], get)));
        if (label === 'headroom rate /s') {
          const ph = headroomNumber(rec.outcomes.project);
          const rh = headroomNumber(rec.outcomes[peer]);
          return ph !== null && rh !== null ? `${(ph / rh).toFixed(1)}×${p.startsWith('≥') ? ' (lower bound)' : ''}` : '';
        }
        return better && pv !== null && rv !== null && rv !== 0 ? `${(pv / rv).toFixed(2)}×` : '';
      });
      lines.push(`  ${pad(label, 38)} ${row(kinds, pad, (k) => cell(rec.outcomes[k], get))} ${ratios.filter(Boolean).join(', ')}`);
    }
    lines.push(...statusLines(rec, kinds, pad));
  }
  return lines.join('\n');
}

function statusLines(rec: ScenarioRecord, kinds: readonly ServerKind[], pad: Pad): string[] {
  return kinds.map((k, i) => {
    const o = rec.outcomes[k];
    const same = o && 'sameLoadAs' in o && o.sameLoadAs ? ` (figures of ${o.sameLoadAs}: same load, no roles)` : '';
    return `  ${pad(i === 0 ? 'status' : '', 38)} ${k}: ${flags(o)}${same}`;
  });
}

/** A hostile scenario's figures, in the order its run reported them, for every server. */
function hostileSection(rec: ScenarioRecord, kinds: readonly ServerKind[], pad: Pad): string[] {
  const figures = (o: Outcome | undefined) => (o && 'data' in o && (o.data.kind === 'hostile' || o.data.kind === 'figures') ? o.data.result.figures : []);
  const labels = [...new Set(kinds.flatMap((k) => figures(rec.outcomes[k])).map((f) => f.label))];
  const value = (o: Outcome | undefined, label: string): string => {
    if (o && !('data' in o)) return o.status === 'error' ? 'error' : o.status;
    const f = figures(o).find((x) => x.label === label);
    return f === undefined ? '–' : String(f.value);
  };
  const lines = labels.map((label) => `  ${pad(label, 38)} ${row(kinds, pad, (k) => value(rec.outcomes[k], label))}`);
  lines.push(...statusLines(rec, kinds, pad));
  return lines;
}

/**
 * The two-instance scenario: two of ours beside two Hocuspocus instances joined by its Redis
 * extension (same load, same run; ratio ours ÷ theirs), and beside the single-instance fan-out of
 * the same N and R from the same run (its project figures). The reference has no scale-out.
 */
function redisSection(rec: ScenarioRecord, records: readonly ScenarioRecord[], pad: (s: string, n: number) => string): string[] {
  const two = rec.outcomes.project;
  const peer = rec.outcomes.hocuspocus;
  const singleId = rec.id.replace(/^redis-2x-/, 'fanout-');
  const one = records.find((r) => r.id === singleId)?.outcomes.project;
  if (!two && !peer) return ['  not run'];
  const ratio = (a: string, b: string, better: unknown) => {
    const av = numeric(Number(a));
    const bv = numeric(Number(b));
    return better && av !== null && bv !== null && bv !== 0 ? `${(av / bv).toFixed(2)}×` : '';
  };
  const lines = [`  ${pad('', 38)} ${pad('two of ours', 20)} ${pad('two Hocuspocus', 20)} ${pad('ours ÷ Hocuspocus', 18)} ${pad('one of ours', 20)} two ÷ one (ours)`];
  for (const [label, get, better] of [...ROWS.fanout, ...REDIS_ROWS]) {
    const t = cell(two, get);
    const h = cell(peer, get);
    const o = one ? cell(one, get) : 'not run';
    lines.push(`  ${pad(label, 38)} ${pad(t, 20)} ${pad(h, 20)} ${pad(ratio(t, h, better), 18)} ${pad(o, 20)} ${ratio(t, o, better)}`);
  }
  lines.push(`  ${pad('Redis counters', 38)} ${redisNote(two, peer)}, over the window of the servers' CPU`);
  lines.push(`  ${pad('status', 38)} two of ours: ${flags(two)}`);
  lines.push(`  ${pad('', 38)} two Hocuspocus: ${peer ? flags(peer) : 'not run (add hocuspocus to --servers)'}`);
  lines.push(`  ${pad('', 38)} one of ours [${singleId}]: ${one ? flags(one) : 'not run in this run (add it to --only)'}`);
  return lines;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function resultsDocument(records: readonly ScenarioRecord[], targets: readonly Target[], o: BenchOptions, seconds: number) {
  return {
    schema: 1,
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    options: o,
    seconds: Math.round(seconds),
    targets,
    scenarios: records
  };
}
