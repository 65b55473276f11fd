/**
 * The switches every browser test launches Chromium with (support/browser.ts):
 *   C1  Playwright's own --disable-features list is kept whole: Chromium reads only the last such
 *       switch, and ours comes after Playwright's;
 *   C2  no window preloads the address bar's pop-up pages, which cost each launch and each
 *       browser context CPU that the rest of the run needs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, PLAYWRIGHT_DISABLED_FEATURES } from '../../support/browser.js';

/** The features the installed playwright-core disables, read from its source. */
function playwrightDisabledFeatures(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const source = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
  const start = source.indexOf('disabledFeatures = [');
  const end = source.indexOf('].filter(Boolean)', start);
  if (start < 0 || end < 0) throw new Error('playwright-core no longer declares `disabledFeatures = [ … ].filter(Boolean)`: read its chromiumSwitches and update this test');
  return [...source.slice(start, end).matchAll(/^\s*(?:[^"\n]*\?\s*)?"([A-Za-z0-9]+)"/gm)].map((m) => m[1]);
}

describe('Chromium switches of the browser tests', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('C1 keeps every feature Playwright disables', () => {
    const theirs = playwrightDisabledFeatures();
    expect(theirs.length).toBeGreaterThan(5);
    expect(theirs.filter((f) => !PLAYWRIGHT_DISABLED_FEATURES.includes(f))).toEqual([]);
  });

  it('C2 preloads no address-bar pop-up in any window', async () => {
    const cdp = await browser.newBrowserCDPSession();
    for (let i = 0; i < 2; i++) await (await browser.newContext()).newPage();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    expect(targetInfos.filter((t) => t.type === 'page')).toHaveLength(2);
    expect(targetInfos.filter((t) => t.url.includes('omnibox'))).toEqual([]);
  });
});
