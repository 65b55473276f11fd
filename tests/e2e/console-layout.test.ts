/**
 * The moderator console on a 1366×768 laptop (issue 18, point 4), in real Chromium against the
 * built server:
 *   C1  compact cards: at least four whole columns and three whole cards in each are in view;
 *   C2  the column headers stay at the top while the cards scroll under them;
 *   C3  a card's actions are in its "⋯" menu: a button with aria-expanded and aria-controls,
 *       opened with Enter, closed with Escape (the focus back on the button), by a click
 *       elsewhere and by tabbing past its last action;
 *   C4  the projector preview shows what the hall sees, live (a spotlight reaches it);
 *   C5  only the projector page may be framed, and only by the same origin: `frame-ancestors
 *       'self'` and SAMEORIGIN there, 'none' and DENY on every other page; another origin
 *       cannot frame it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { VIEWPORTS, screenshot } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { waitFor } from '../../support/wait.js';
import { browserTest } from '../fixtures.js';
import { consoleCard } from './support/card-menu.js';

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
const contexts: BrowserContext[] = [];

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  server = app;
  browser = chromium;
  // Six topics and enough cards that every column runs past the bottom of the screen.
  demo = await createDemoBoard({ url: server.url, lang: 'en', voters: 1 });
  await demo.addCards(40);
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});
afterAll(() => demo?.close());

async function console1366(): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORTS.laptop, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(demo.links.moderator);
  await page.getByTestId('card').first().waitFor();
  return page;
}

/** Columns wholly in view, and for each the cards wholly in view, inside the board's scroller. */
async function inView(page: Page): Promise<number[]> {
  return page.getByTestId('board-columns').evaluate((scroller) => {
    const box = scroller.getBoundingClientRect();
    const within = (r: DOMRect) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= Math.min(box.bottom, window.innerHeight) + 1;
    return [...scroller.querySelectorAll<HTMLElement>('[data-testid=column]')]
      .filter((col) => {
        const r = col.getBoundingClientRect();
        return r.left >= box.left - 1 && r.right <= box.right + 1;
      })
      .map((col) => [...col.querySelectorAll<HTMLElement>('[data-testid=card]')].filter((card) => within(card.getBoundingClientRect())).length);
  });
}

describe('the moderator console at 1366×768', () => {
  it('C1 shows at least four whole columns with three or more whole cards each', async () => {
    const page = await console1366();
    await screenshot(page, 'console-layout-1366');
    const cards = await inView(page);
    console.log(`whole columns in view: ${cards.length}; whole cards per column: ${cards.join(', ')}`);
    expect(cards.length).toBeGreaterThanOrEqual(4);
    for (const n of cards) expect(n).toBeGreaterThanOrEqual(3);
    // The console is one screen: the board and the sidebar scroll, the page itself does not.
    expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
    // No action buttons on the cards themselves: they wait in the menu.
    expect(await page.locator('[data-testid=column] [data-testid=hide-button]').count()).toBe(0);
  });

  it('C2 keeps the column headers at the top while the cards scroll', async () => {
    const page = await console1366();
    const scroller = page.getByTestId('board-columns');
    const head = page.locator('[data-testid=column] header').first();
    const top = async () => (await head.boundingBox())!.y;
    const before = await top();
    const scrolled = await scroller.evaluate((el) => {
      el.scrollTop = 600;
      return el.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(300);
    // Where it was, give or take the column's 2 px border it now sits on.
    await waitFor(async () => Math.abs((await top()) - before) <= 3, 'the header where it was', 10_000);
    // And nothing paints over it: the header is what the browser hits at its centre.
    const hit = await head.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.left + 12, r.top + r.height / 2));
    });
    expect(hit).toBe(true);
    await screenshot(page, 'console-layout-scrolled-1366');
  });

  it('C3 a card’s menu opens with Enter, closes with Escape (focus back), a click elsewhere and Tab past its end', async () => {
    const page = await console1366();
    const cardId = demo.cardIds[4];
    const card = consoleCard(page, cardId);
    const button = card.getByTestId('card-menu');
    const panel = card.getByTestId('card-menu-panel');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? 'body');

    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);
    const controls = await button.getAttribute('aria-controls');
    expect(await panel.getAttribute('id')).toBe(controls);
    expect(await button.getAttribute('aria-label')).toBe('Card actions');

    await button.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    for (const action of ['edit-button', 'move-right', 'spotlight-button', 'hide-button', 'redact-button']) expect(await panel.getByTestId(action).count(), action).toBe(1);
    await screenshot(page, 'console-card-menu-1366');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('edit-button');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await focused()).toBe('card-menu');

    // A click elsewhere closes it.
    await button.click();
    await panel.waitFor();
    await page.getByTestId('board-columns').click({ position: { x: 5, y: 5 } });
    await panel.waitFor({ state: 'hidden' });

    // Tabbing past the last action leaves the menu, and closes it.
    await button.focus();
    await page.keyboard.press('Enter');
    await panel.waitFor();
    for (let i = 0; i < 15 && (await panel.isVisible()); i++) await page.keyboard.press('Tab');
    expect(await panel.isVisible()).toBe(false);
    expect(await focused()).not.toBe('body');

    // One menu at a time.
    await button.click();
    const other = consoleCard(page, demo.cardIds[5]);
    await other.getByTestId('card-menu').click();
    await other.getByTestId('card-menu-panel').waitFor();
    await panel.waitFor({ state: 'hidden' });
  });

  it('C4 the projector preview shows what the hall sees now, and follows a spotlight', async () => {
    const page = await console1366();
    const preview = page.getByTestId('projector-preview');
    expect(await preview.isVisible()).toBe(true);
    const box = (await preview.getByTestId('projector-preview-frame').boundingBox())!;
    // A thumbnail: the whole 16:9 screen scaled into the sidebar, not a cut-out.
    expect(box.width).toBeLessThan(420);
    expect(Math.abs(box.width / box.height - 16 / 9)).toBeLessThan(0.05);
    expect(await page.getByTestId('projector-preview-frame').getAttribute('src')).toBe(demo.links.projector);
    const frame = page.frameLocator('[data-testid=projector-preview-frame]');
    await frame.getByTestId('projector').waitFor();
    await frame.getByTestId('card').first().waitFor();

    await demo.moderate('card:spotlight', { cardId: demo.cardIds[2] });
    const overlay = frame.getByTestId('spotlight-overlay');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain(demo.state().cards.find((c) => c.id === demo.cardIds[2])!.text);
    await screenshot(page, 'console-preview-spotlight-1366');
    await demo.moderate('card:spotlight', { cardId: null });
    await overlay.waitFor({ state: 'detached' });
  });

  it('C5 only the projector page may be framed, and only by this origin', async () => {
    const headers = async (url: string) => {
      const res = await fetch(url);
      return { status: res.status, csp: res.headers.get('content-security-policy') ?? '', xfo: res.headers.get('x-frame-options') };
    };
    const projector = await headers(demo.links.projector);
    expect(projector.status).toBe(200);
    expect(projector.csp).toContain("frame-ancestors 'self'");
    expect(projector.csp).not.toContain("frame-ancestors 'none'");
    expect(projector.csp).toContain("script-src 'self'");
    expect(projector.xfo).toBe('SAMEORIGIN');
    const badToken = demo.links.projector.replace(/t=[^&]+/, 't=not-a-token');
    for (const url of [demo.links.moderator, demo.links.panelist, demo.links.audience, `${server.url}/`, badToken]) {
      const page = await headers(url);
      expect(page.csp, url).toContain("frame-ancestors 'none'");
      expect(page.xfo, url).toBe('DENY');
    }

    // Another origin (localhost is not 127.0.0.1) gets no projector in its frame.
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const other = server.url.replace('127.0.0.1', 'localhost');
    await page.route(`${other}/framing-test`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe id="f" src="${demo.links.projector}" width="800" height="450"></iframe>` })
    );
    await page.goto(`${other}/framing-test`);
    await page.waitForTimeout(2_500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const shown = frame
      ? await frame
          .locator('[data-testid=projector]')
          .count()
          .catch(() => 0)
      : 0;
    expect(shown).toBe(0);
    // The same page on this origin does get it (the check above is not vacuous).
    await page.route(`${server.url}/framing-test`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<iframe id="f" src="${demo.links.projector}" width="800" height="450"></iframe>` })
    );
    await page.goto(`${server.url}/framing-test`);
    await page.frameLocator('#f').getByTestId('projector').waitFor({ timeout: 15_000 });
  });
});
