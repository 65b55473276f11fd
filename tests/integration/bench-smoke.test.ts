/**
 * The benchmark runner works end to end against the built server, Hocuspocus and the harness
 * floor (bench/floor-server.mjs, a relay with no document):
 * `bench/run.ts --smoke` (N=20 readers, 2 writers, 20 cards/s for 3 s) runs the projection path
 * (audience readers, fanout-n20-r20) and the full path (panelist readers, fanout-full-n20-r20),
 * delivers every card to every reader and reports its figures as numbers. No timing is asserted:
 * this checks the runner, not the machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER_ENTRY = 'dist/server/main.js';
const HOCUSPOCUS = 'node_modules/@hocuspocus/server/package.json';

function runSmoke(out: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--servers', 'project,hocuspocus,floor', '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('bench smoke', () => {
  it('delivers every card to every reader and reports numeric figures', async () => {
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
    if (!existsSync(HOCUSPOCUS)) throw new Error(`${HOCUSPOCUS} is missing: run \`npm install\` (@hocuspocus/server is a devDependency).`);
    const out = join(tmpdir(), `bench-smoke-${process.pid}.json`);
    try {
      const { code, output } = await runSmoke(out);
      expect(code, output).toBe(0);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      const scenario = (id: string) => doc.scenarios.find((x: { id: string }) => x.id === id);
      const projection = scenario('fanout-n20-r20');
      const full = scenario('fanout-full-n20-r20');
      expect(projection?.params.readerRole, output).toBe('audience');
      expect(full?.params.readerRole, output).toBe('panelist');
      for (const [name, outcome] of [
        ['projection, project', projection.outcomes.project],
        ['full, project', full.outcomes.project],
        ['projection, hocuspocus', projection.outcomes.hocuspocus],
        ['projection, floor', projection.outcomes.floor]
      ]) {
        expect(outcome.status, `${name}\n${output}`).toBe('ok');
        const r = outcome.data.result;
        expect(r.expected, name).toBeGreaterThan(0);
        expect(r.lost, name).toBe(0);
        expect(r.delivered, name).toBe(r.expected);
        const figures = {
          p50: r.latencyMs.p50,
          p95: r.latencyMs.p95,
          p99: r.latencyMs.p99,
          max: r.latencyMs.max,
          achievedRatePerS: r.achievedRatePerS,
          serverCpuPct: r.serverCpuPct,
          generatorCpuPct: r.generator.cpuPct,
          serverRssMB: r.serverRssMB,
          rssPerIdleClientKB: r.rssPerIdleClientKB,
          bytesPerDeliveredCard: r.bytesPerDeliveredCard
        };
        for (const [figure, value] of Object.entries(figures)) {
          expect(Number.isFinite(value), `${name}: ${figure} = ${value}`).toBe(true);
        }
      }
      // Hocuspocus has no roles: its full-path figures are those of the same load's projection run
      expect(full.outcomes.hocuspocus.sameLoadAs).toBe('fanout-n20-r20');
      expect(full.outcomes.floor.sameLoadAs).toBe('fanout-n20-r20');
      expect(output).toContain('floor (relay only, no document)');
    } finally {
      rmSync(out, { force: true });
    }
  }, 150_000);
});
