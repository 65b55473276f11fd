/**
 * The stampede and many-boards scenarios of the benchmark runner work end to end against the
 * built server: 20 phones from 3 loopback addresses scan the QR code (pages and files over
 * HTTP, the join lookup, an identity, Yjs and socket.io) and each holds the whole board; 3 boards
 * with 20 readers each get every card. Only counts are asserted, no timing: this checks the
 * runner, not the machine.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER_ENTRY = 'dist/server/main.js';

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

type Figure = { label: string; value: string | number };

describe('bench: QR-code stampede and many boards', () => {
  it('seats every phone with the whole board and delivers every card on every board', async () => {
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does).`);
    const out = join(tmpdir(), `bench-stampede-smoke-${process.pid}.json`);
    try {
      const args = ['--only', 'stampede,boards', '--servers', 'project', '--stampede-phones', '20', '--stampede-k', '200', '--stampede-addresses', '3'];
      const { output } = await run([...args, '--boards', '3', '--boards-d', '2', '--renice', '0', '--out', out]);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      const figures = (id: string): Record<string, string | number> => {
        const outcome = doc.scenarios.find((x: { id: string }) => x.id === id)?.outcomes.project;
        expect(outcome?.data?.kind, `${id}\n${output}`).toBe('figures');
        return Object.fromEntries((outcome.data.result.figures as Figure[]).map((f) => [f.label, f.value]));
      };
      const stampede = figures('stampede-p20-k200-a3');
      expect(stampede['phones holding the board'], output).toBe('20 / 20');
      expect(stampede['refused / failed'], output).toBe('0 / 0');
      expect(stampede['HTTP requests per phone / KB'], output).toMatch(/^[1-9]\d* \/ [1-9]\d*$/);
      expect(stampede['board in hand p99 ms'], output).toBeGreaterThan(0);
      const boards = figures('boards-b3');
      expect(boards['boards loaded / connections'], output).toBe('3 / 63');
      // 3 boards × 2 cards, each to 20 readers
      expect(boards['cards sent / delivered'], output).toBe('6 / 120 of 120');
      // With 3 boards the per-board RSS is smaller than a garbage collection and may come out
      // negative; the smoke test only checks that the memory probe reads the server.
      expect(Number.isFinite(boards['RSS per idle board MB (its readers in)']), output).toBe(true);
      expect(boards['server peak RSS MB (VmHWM)'], output).toBeGreaterThan(50);
    } finally {
      rmSync(out, { force: true });
    }
  }, 240_000);
});
