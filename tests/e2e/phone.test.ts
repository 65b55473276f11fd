/**
 * Issue 18, points 10 and 13, on the audience's phone and the projector. Real server process,
 * real Chromium (this machine has no emoji font, like a Linux kiosk PC):
 *   P10a at 390×844 the reaction bar is one slim row (under 8 % of the screen) and nothing
 *        scrolls the page sideways;
 *   P10b at 200 % zoom (a 195×422 CSS-px viewport at device scale 2) the page, with the
 *        submit form open, does not scroll sideways either, and the bar stays small;
 *   P10c the queue counter says it counts everyone's submissions on this board;
 *   P10d after sending, "My submissions" comes into view with the new one focused and marked;
 *   E13  the reaction buttons and the projector's reaction layer draw images shipped with the
 *        app (the emoji as their text alternative), never a text glyph that needs a font.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { waitFor } from '../../support/wait.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
const contexts: BrowserContext[] = [];

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  demo = await createDemoBoard({ url: server.url, lang: 'cs', cards: 6, voters: 0 });
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});
afterAll(() => demo?.close());

async function open(link: string, viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(link);
  await page.getByTestId('reaction-bar').waitFor();
  await page.getByTestId('card').first().waitFor();
  return page;
}

/** How far the page reaches past the viewport's width, and the reaction bar's share of its height. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    const bar = document.querySelector('[data-testid=reaction-bar]')!.getBoundingClientRect();
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, bodyScroll: document.body.scrollWidth, barShare: bar.height / window.innerHeight, barHeight: bar.height };
  });

/** What every reaction button draws: an image's alt text, or text that would need an emoji font. */
const buttonGlyphs = (page: Page) =>
  page.getByTestId('reaction').evaluateAll((buttons) =>
    buttons.map((b) => ({
      emoji: b.getAttribute('data-emoji'),
      img: b.querySelector('img')?.getAttribute('alt') ?? null,
      loaded: (b.querySelector('img') as HTMLImageElement | null)?.naturalWidth ?? 0,
      text: b.textContent!.trim()
    }))
  );

describe('P10 the phone', () => {
  it('at 390×844 the reaction bar is one slim row and the page does not scroll sideways', async () => {
    const page = await open(demo.links.audience, VIEWPORTS.phone);
    const l = await layout(page);
    expect(l.scrollWidth).toBeLessThanOrEqual(l.clientWidth);
    expect(l.bodyScroll).toBeLessThanOrEqual(l.clientWidth);
    expect(l.barShare).toBeLessThan(0.08);
    await screenshot(page, 'phone-390');
  });

  it('at 200 % zoom (195×422 CSS px) nothing scrolls sideways, with the form open too, and the bar stays small', async () => {
    const page = await open(demo.links.audience, { width: 195, height: 422 }, 2);
    let l = await layout(page);
    expect(l.scrollWidth).toBeLessThanOrEqual(l.clientWidth);
    expect(l.barShare).toBeLessThan(0.16);
    await screenshot(page, 'phone-zoom-200');
    await page.getByTestId('submit-open').click();
    await page.getByTestId('submit-text').fill('Kdy bude k dispozici tlumočení do ukrajinštiny?');
    l = await layout(page);
    expect(l.scrollWidth).toBeLessThanOrEqual(l.clientWidth);
    expect(l.bodyScroll).toBeLessThanOrEqual(l.clientWidth);
    await page.getByTestId('submit-button').click();
    await page.getByTestId('submission').first().waitFor();
    l = await layout(page);
    expect(l.scrollWidth).toBeLessThanOrEqual(l.clientWidth);
    await page.waitForTimeout(600); // the smooth scroll to "My submissions"
    await screenshot(page, 'phone-zoom-200-sent');
  });

  it('says the queue counter counts everyone’s submissions on this board, and brings a sent card into view, marked', async () => {
    const page = await open(demo.links.audience, VIEWPORTS.phone);
    await page.getByTestId('submit-open').click();
    await page.getByTestId('submit-text').fill('Jak se dostanou informace k rodičům, kteří nečtou česky?');
    await page.getByTestId('submit-button').click();
    const item = page.locator('[data-testid=submission][data-just-sent]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Just sent');
    expect(await item.textContent()).toContain('nečtou česky');
    await waitFor(() => item.evaluate((el) => el === document.activeElement), 'the new submission focused');
    await waitFor(
      () =>
        item.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const bar = document.querySelector('[data-testid=reaction-bar]')!.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= bar.top;
        }),
      'the new submission in view, above the reaction bar'
    );
    const counts = page.getByTestId('queue-counts');
    await waitFor(async () => Number(await counts.getAttribute('data-pending')) >= 1, 'the board’s queue counting the card');
    expect(await counts.textContent()).toMatch(/Everyone’s submissions on this board:\s*\d+ waiting · \d+ shown · \d+ rejected/);
    await screenshot(page, 'phone-sent-390');
  });
});

describe('E13 reaction glyphs shipped with the app', () => {
  it('the phone’s reaction buttons draw images, with the emoji as the alt text and in the button’s name', async () => {
    const page = await open(demo.links.audience, VIEWPORTS.phone);
    const glyphs = await buttonGlyphs(page);
    expect(glyphs.length).toBeGreaterThan(0);
    for (const g of glyphs) {
      expect(g.img).toBe(g.emoji);
      expect(g.loaded).toBeGreaterThan(0);
      expect(g.text).toBe('');
    }
    for (const b of await page.getByTestId('reaction').all()) expect(await b.getAttribute('aria-label')).toContain(await b.getAttribute('data-emoji'));
  });

  for (const viewport of [{ width: 1024, height: 768 }, VIEWPORTS.projector]) {
    it(`the projector’s reaction layer draws images at ${viewport.width}×${viewport.height}`, async () => {
      const projectorContext = await browser.newContext({ viewport, locale: 'en-US' });
      contexts.push(projectorContext);
      const projector = await projectorContext.newPage();
      await projector.goto(demo.links.projector);
      await projector.getByTestId('reaction-layer').waitFor({ state: 'attached' });
      const phone = await open(demo.links.audience, VIEWPORTS.phone);
      await phone.locator('[data-testid=reaction][data-emoji="👏"]').click();
      await phone.locator('[data-testid=reaction][data-emoji="❤️"]').click();
      const floats = projector.getByTestId('reaction-float');
      await waitFor(async () => (await floats.count()) >= 2, 'two reactions on the projector');
      const drawn = await floats.evaluateAll((els) =>
        els.map((el) => {
          const img = el.querySelector('.emoji img') as HTMLImageElement | null;
          return {
            emoji: el.getAttribute('data-emoji'),
            alt: img?.alt ?? null,
            loaded: img?.naturalWidth ?? 0,
            width: img?.offsetWidth ?? 0,
            text: el.querySelector('.emoji')!.textContent!.trim()
          };
        })
      );
      for (const d of drawn) {
        expect(d.alt).toBe(d.emoji);
        expect(d.loaded).toBeGreaterThan(0);
        expect(d.width).toBeGreaterThan(40);
        expect(d.text).toBe('');
      }
      await screenshot(projector, `projector-reactions-${viewport.width}`);
    });
  }
});
