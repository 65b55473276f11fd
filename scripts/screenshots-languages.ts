/**
 * The README's phone screenshots in Ukrainian and Vietnamese (390×844), from a running build:
 *
 *   npm run build && node --import tsx scripts/screenshots-languages.ts
 *
 * The browser's language picks the UI; the demo board's cards stay in Czech (no translator here).
 */
import { mkdir } from 'node:fs/promises';
import { runBrowserScript } from '../support/browser-script.js';
import { VIEWPORTS } from '../support/browser.js';
import { createDemoBoard } from '../support/demo-board.js';

const OUT = 'docs/screenshots';

runBrowserScript(async ({ server, browser }) => {
  await mkdir(OUT, { recursive: true });
  const demo = await createDemoBoard({ url: server.url, lang: 'cs' });
  for (const [locale, name] of [
    ['uk-UA', 'audience-phone-uk'],
    ['vi-VN', 'audience-phone-vi']
  ]) {
    const context = await browser.newContext({ viewport: VIEWPORTS.phone, locale, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(demo.links.audience);
    await page.getByTestId('card').first().waitFor();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${OUT}/${name}.png` });
    console.log(`${OUT}/${name}.png`);
    await context.close();
  }
  demo.close();
});
