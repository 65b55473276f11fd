/**
 * Ukrainian and Vietnamese in real Chromium against the built server:
 *   L1  the browser's language picks the UI (navigator.languages), `<html lang>` says it, and
 *       the switch offers all four languages and changes `<html lang>` in place;
 *   L2  with a LibreTranslate-compatible translator (a local server speaking its API), a phone
 *       shows a card in its reader's language, "show original" shows the original (marked with
 *       its language) and back; the projector shows a translation line under the card.
 * Axe runs on every page in uk and vi in a11y/axe-uk.test.ts and axe-vi.test.ts (A1).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../src/lib/i18n/translate.js';
import { launchBrowser, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import { startFakeLibreTranslate, type FakeLibreTranslate } from '../helpers/libretranslate.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';

let browser: Browser;
let server: ServerProcess;
let fake: FakeLibreTranslate;
let demo: DemoBoard;
const contexts: BrowserContext[] = [];

async function open(url: string, locale: string, viewport: { width: number; height: number } = VIEWPORTS.phone): Promise<Page> {
  const context = await browser.newContext({ viewport, locale });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

beforeAll(async () => {
  fake = await startFakeLibreTranslate();
  browser = await launchBrowser();
  server = await startServerProcess({ env: { TRANSLATE_URL: fake.url } });
  demo = await createDemoBoard({ url: server.url, lang: 'cs', voters: 1 });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  demo?.close();
  await browser?.close();
  await server?.stop();
  await server?.cleanup();
  await fake?.close();
});

describe('L1 the browser picks the language', () => {
  it.each([
    ['uk-UA', 'uk'],
    ['vi-VN', 'vi']
  ] as const)('%s: the phone speaks %s', async (locale, lang) => {
    const page = await open(demo.links.audience, locale);
    await page.getByTestId('card').first().waitFor();
    expect(await htmlLang(page)).toBe(lang);
    await page.getByText(translate(lang, 'view.voteHint'), { exact: true }).waitFor();
    const offered = await page.locator('[data-testid^=locale-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(offered).toEqual(['locale-cs', 'locale-en', 'locale-uk', 'locale-vi']);
    await page.getByTestId('locale-cs').click();
    expect(await htmlLang(page)).toBe('cs');
  });
});

describe('L2 cards in the reader’s language', () => {
  it('a phone in Ukrainian shows the machine translation, and the original on request; the projector adds a line', async () => {
    // The demo's cards are Czech; the server had each translated as it was posted.
    const cardId = demo.cardIds[0];
    const text = demo.state().cards.find((c) => c.id === cardId)?.text ?? '';
    const page = await open(demo.links.audience, 'uk-UA');
    const card = page.locator(`[data-card-id="${cardId}"]`);
    await card.getByTestId('card-translated').waitFor({ timeout: 20_000 });
    expect(await card.getByTestId('card-text').textContent()).toBe(`uk: ${text}`);
    expect(await card.getByTestId('card-text').getAttribute('lang')).toBe('uk');
    await card.getByTestId('show-original').click();
    expect(await card.getByTestId('card-text').textContent()).toBe(text);
    expect(await card.getByTestId('card-text').getAttribute('lang')).toBe('cs');
    await card.getByTestId('show-original').click();
    expect(await card.getByTestId('card-text').textContent()).toBe(`uk: ${text}`);

    await demo.moderate('board:projector-style', { projectorLang: 'cs-uk' });
    const projector = await open(demo.links.projector, 'cs-CZ', VIEWPORTS.projector);
    await projector.locator('[data-testid=projector][data-lang=cs-uk]').waitFor();
    const line = projector.locator(`[data-card-id="${cardId}"] [data-testid=card-translation]`);
    await line.waitFor();
    expect(await line.getAttribute('lang')).toBe('uk');
    expect(await htmlLang(projector)).toBe('cs');
    await demo.moderate('board:projector-style', { projectorLang: 'auto' });
  }, 120_000);
});
