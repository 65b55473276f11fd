/**
 * How much JavaScript each role's page loads on first visit, gzipped, measured in Chromium.
 *
 *   npm run build && node --import tsx bench/page-weight.ts
 *
 * Starts the built server (dist/server/main.js) on a free port, creates a demo board and opens
 * each role's link in a fresh browser context (empty cache) at that role's viewport: the
 * audience on a phone, the projector at 1920×1080, panelist and moderator on a laptop. Every
 * JavaScript response until the board shows is counted; its body is gzipped here (zlib's
 * default level, what a reverse proxy would serve), so the figure does not depend on whether
 * the server compresses. Prints a table and writes bench/results/page-weight.json. Target: the
 * audience page ≤ 150 KB of JavaScript gzipped.
 */
import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Response } from 'playwright-core';
import { runBrowserScript } from '../support/browser-script.js';
import { VIEWPORTS } from '../support/browser.js';
import { createDemoBoard } from '../support/demo-board.js';
import { waitFor } from '../support/wait.js';

const AUDIENCE_TARGET_KB = 150;
const ROLES = [
  { role: 'audience', viewport: VIEWPORTS.phone },
  { role: 'projector', viewport: VIEWPORTS.projector },
  { role: 'panelist', viewport: VIEWPORTS.laptop },
  { role: 'moderator', viewport: VIEWPORTS.laptop }
] as const;

interface Weight {
  role: string;
  scripts: number;
  rawKB: number;
  gzipKB: number;
}

const kb = (bytes: number): number => Number((bytes / 1024).toFixed(1));
const isScript = (r: Response): boolean => r.request().resourceType() === 'script' || /javascript/.test(r.headers()['content-type'] ?? '');

runBrowserScript(async ({ server, browser }) => {
  const weights: Weight[] = [];
  const demo = await createDemoBoard({ url: server.url, lang: 'cs', voters: 0 });
  for (const { role, viewport } of ROLES) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const bodies: Array<Promise<Buffer | null>> = [];
    page.on('response', (r) => {
      if (isScript(r)) bodies.push(r.body().catch(() => null));
    });
    await page.goto(demo.links[role]);
    await waitFor(async () => (await page.getByTestId('card').count()) > 0, `the ${role} page showing cards`, 30_000);
    await page.waitForLoadState('networkidle');
    const loaded = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null);
    weights.push({
      role,
      scripts: loaded.length,
      rawKB: kb(loaded.reduce((n, b) => n + b.byteLength, 0)),
      gzipKB: kb(loaded.reduce((n, b) => n + gzipSync(b).byteLength, 0))
    });
    await context.close();
  }
  demo.close();
  console.table(weights);
  const audience = weights.find((w) => w.role === 'audience');
  const met = audience !== undefined && audience.gzipKB <= AUDIENCE_TARGET_KB;
  console.log(`${met ? 'MET' : 'NOT MET'}: audience page ${audience?.gzipKB} KB of JavaScript gzipped on first load (target ≤ ${AUDIENCE_TARGET_KB} KB)`);
  await writeFile('bench/results/page-weight.json', `${JSON.stringify({ at: new Date().toISOString(), targetKB: AUDIENCE_TARGET_KB, met, weights }, null, 2)}\n`);
});
