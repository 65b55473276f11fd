/** The issue's targets, judged from one run's figures. */
import type { BenchOptions } from './cli.js';
import type { ScenarioResult } from './plan.js';
import type { ScenarioRecord } from './report.js';
import type { ServerKind } from './servers.js';

export interface Target {
  id: string;
  description: string;
  value: string;
  met: boolean | null;
  note?: string;
}

type ResultMap = { [R in ScenarioResult as R['kind']]: R['result'] };

function data<K extends keyof ResultMap>(records: readonly ScenarioRecord[], prefix: string, kind: ServerKind, k: K): ResultMap[K] | null {
  const o = records.find((r) => r.id.startsWith(prefix))?.outcomes[kind];
  if (!o || !('data' in o) || o.data.kind !== k) return null;
  return o.data.result as ResultMap[K];
}

/** Headroom: the highest update rate the project keeps up with, against the reference server's. */
function headroomTarget(records: readonly ScenarioRecord[]): Target {
  const hp = data(records, 'headroom-', 'project', 'headroom');
  const hr = data(records, 'headroom-', 'reference', 'headroom');
  let headroom: Target = { id: 'headroom', description: 'headroom ≥ 4× reference', value: 'not measured', met: null };
  if (hp && hr) {
    const p = hp.headroomRatePerS;
    const r = hr.headroomRatePerS;
    const floor = hr.steps[0]?.ratePerS ?? 0;
    const show = (h: typeof hp, v: number | null) => (v === null ? `< ${h.steps[0]?.ratePerS ?? '?'}` : `${h.lowerBound ? '≥ ' : ''}${v}`);
    let met: boolean | null;
    let note: string | undefined;
    if (p === null) {
      met = hp.stoppedBy === 'generator' ? null : false;
      note = hp.stoppedBy === 'generator' ? 'the generator was the limit at the first step' : undefined;
    } else if (r === null) {
      met = hr.stoppedBy === 'generator' ? null : p >= 4 * floor;
      note = 'the reference passed no step: compared with 4× its first step';
    } else {
      met = hr.lowerBound && !hp.lowerBound ? null : p >= 4 * r;
      note = hp.lowerBound ? 'the project figure is a lower bound' : undefined;
    }
    headroom = { ...headroom, value: `project ${show(hp, p)}/s, reference ${show(hr, r)}/s`, met, note };
  }
  return headroom;
}

/** The issue's targets, judged from this run's figures (null: not measured in this run). */
export function judgeTargets(records: readonly ScenarioRecord[], o: BenchOptions): Target[] {
  const targets: Target[] = [];
  const main = data(records, 'fanout-n1000-r200', 'project', 'fanout');
  targets.push({
    id: 'fanout-p99',
    description: `N=1,000 W=5 R=200 with awareness renewal: p99 ≤ 40 ms, no loss`,
    value: main ? `p99 ${main.latencyMs.p99} ms, lost ${main.lost}${main.generator.limited ? ', generator-limited' : ''}` : 'not measured',
    met: main ? main.lost === 0 && main.ok && main.latencyMs.p99 <= 40 && o.awarenessRenewal && o.writers === 5 : null
  });
  const two = data(records, 'redis-2x-n1000-r200', 'project', 'fanout');
  targets.push({
    id: 'redis-p99',
    description: `two instances joined by Redis, N=1,000 split evenly, R=200: p99 ≤ 60 ms, no loss`,
    value: two ? `p99 ${two.latencyMs.p99} ms, lost ${two.lost}${two.generator.limited ? ', generator-limited' : ''}` : 'not measured',
    met: two ? two.lost === 0 && two.ok && two.latencyMs.p99 <= 60 : null
  });
  const twoPeer = data(records, 'redis-2x-n1000-r200', 'hocuspocus', 'fanout');
  targets.push({
    id: 'redis-vs-hocuspocus',
    description: `two instances joined by Redis, N=1,000 R=200: p99 no worse than two Hocuspocus instances with its Redis extension, same run`,
    value:
      two && twoPeer
        ? `p99 ${two.latencyMs.p99} ms against ${twoPeer.latencyMs.p99} ms (${(two.latencyMs.p99 / twoPeer.latencyMs.p99).toFixed(2)}×), lost ${two.lost} / ${twoPeer.lost}`
        : 'not measured',
    met: two && twoPeer ? two.ok && two.lost === 0 && two.latencyMs.p99 <= twoPeer.latencyMs.p99 : null
  });
  targets.push(headroomTarget(records));
  const mem = data(records, 'memory-', 'project', 'memory');
  targets.push({
    id: 'memory',
    description: `≤ 30 KB RSS per idle client at N=1,000`,
    value: mem ? `${mem.rssPerIdleClientKB} KB at N=${o.memoryReaders}` : 'not measured',
    met: mem ? mem.ok && mem.rssPerIdleClientKB <= 30 && o.memoryReaders >= 1000 : null
  });
  const join = data(records, 'join-', 'project', 'join');
  targets.push({
    id: 'join',
    description: `join 500 clients onto 2,000 cards ≤ 3 s`,
    value: join ? `${join.allJoinedMs} ms (N=${o.joinReaders}, K=${o.joinCards})` : 'not measured',
    met: join ? join.ok && join.allJoinedMs <= 3000 && o.joinReaders >= 500 && o.joinCards >= 2000 : null
  });
  return targets;
}

export function formatTargets(targets: readonly Target[]): string {
  const mark = (m: boolean | null) => (m === null ? 'not measured' : m ? 'MET' : 'NOT MET');
  return ['Targets (project server):', ...targets.map((t) => `  ${mark(t.met).padEnd(12)} ${t.description}: ${t.value}${t.note ? ` (${t.note})` : ''}`)].join('\n');
}
