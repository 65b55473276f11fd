/** Prints the table and targets of a results file: node --import tsx bench/show.ts bench/results/<date>.json */
import { readFileSync } from 'node:fs';
import { formatTable, type ScenarioRecord } from './report.js';
import { formatTargets, type Target } from './targets.js';

const file = process.argv[2] ?? 'bench/results/latest.json';
const doc = JSON.parse(readFileSync(file, 'utf8')) as {
  date: string;
  commit: string | null;
  machine: { cpus: number; cpuModel: string; node: string };
  machineBefore?: { busyPct: number; idleLagP99Ms: number; exclusive: boolean };
  seconds: number;
  targets: Target[];
  scenarios: ScenarioRecord[];
};
console.log(`${file}: ${doc.date}, commit ${doc.commit}, ${doc.machine.cpus} × ${doc.machine.cpuModel}, Node ${doc.machine.node}, ${doc.seconds} s`);
if (doc.machineBefore) {
  console.log(`machine before the run: ${doc.machineBefore.busyPct}% of a core busy, idle timer lag p99 ${doc.machineBefore.idleLagP99Ms} ms`);
}
console.log(`\n${formatTable(doc.scenarios)}\n\n${formatTargets(doc.targets)}`);
