/**
 * The README's participation screenshots, from a running build:
 *
 *   npm run build && node --import tsx scripts/screenshots-participation.ts [out-dir]
 *
 * A demo board's session replayed: the demo board is exported and imported again with its votes
 * spread over the last 90 minutes (votes carry their time; the counters of reactions and ballots
 * start now), 28 phones join, submit, react and vote in a poll, the moderator approves and
 * rejects; then the moderator's figures (1366×768), the same on a phone (390×844) and dark.
 */
import { mkdir, stat } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { runBrowserScript } from '../support/browser-script.js';
import { VIEWPORTS } from '../support/browser.js';
import { createDemoBoard } from '../support/demo-board.js';
import { seedParticipation } from '../support/participation-demo.js';

const OUT = process.argv[2] ?? 'docs/screenshots';

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
  const path = `${OUT}/${name}.png`;
  await page.screenshot({ path });
  console.log(`${path}  ${Math.round((await stat(path)).size / 1024)} KB`);
}

async function figures(browser: Browser, url: string, viewport: { width: number; height: number }, dark = false): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'cs-CZ', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-testid=participation-section] > summary').click();
  await page.getByTestId('participation-open').click();
  await page.getByTestId('chart-activity-svg').waitFor();
  if (dark) await page.evaluate(() => document.querySelector('[data-testid=participation-dialog]')?.setAttribute('data-theme', 'dark'));
  return page;
}

runBrowserScript(async ({ server, browser }) => {
  await mkdir(OUT, { recursive: true });
  const demo = await createDemoBoard({ url: server.url, lang: 'cs', voters: 0 });
  const seeded = await seedParticipation({ url: server.url, demo, phones: 28 });
  const shots: Array<[string, { width: number; height: number }, boolean]> = [
    ['moderator-participation', VIEWPORTS.laptop, false],
    ['moderator-participation-phone', VIEWPORTS.phone, false],
    ['moderator-participation-dark', VIEWPORTS.laptop, true]
  ];
  for (const [name, viewport, dark] of shots) {
    const page = await figures(browser, seeded.moderatorUrl, viewport, dark);
    await shoot(page, name);
    await page.context().close();
  }
  seeded.close();
  demo.close();
});
