/**
 * The hostile-import scenario alone, without the full bench run:
 *   node --import tsx bench/hostile-import.ts [--entry dist/server/main.js] [--concurrent 3]
 * (`npm run bench -- --only hostile` runs it with the other hostile figures.)
 */
import { runHostileImport } from './scenarios/hostile-import.js';
import { setProjectEntry } from './servers.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const entry = arg('--entry');
if (entry) setProjectEntry(entry);
const result = await runHostileImport({ concurrent: Number(arg('--concurrent') ?? 3), settleMs: 4000 });
console.log(JSON.stringify(result, null, 2));
