/**
 * A panelist who loses the server keeps editing; a reload while offline keeps the edits
 * (service worker shell + y-indexeddb), and they reach everyone once the server is back.
 */
import type { Browser } from 'playwright-core';
import { afterAll, describe, it } from 'vitest';
import { newPage, screenshot, VIEWPORTS } from '../../support/browser.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { createTestEvent } from '../helpers/test-server.js';
import { browserTest } from '../fixtures.js';

let browser: Browser;
let server: ServerProcess;

describe('offline panelist', () => {
  browserTest.beforeAll(async ({ browser: chromium }) => {
    browser = chromium;
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server?.stop();
    await server?.cleanup();
  });

  it('keeps edits made while the server is down, across a reload, and delivers them on reconnect', async () => {
    const event = await createTestEvent(server.url, { title: 'Offline', place: 'Brno', lang: 'cs' });
    const links = event.response.links[event.boardId];
    const { page } = await newPage(browser, VIEWPORTS.laptop);
    await page.goto(links.panelist);
    await page.getByTestId('identity-name').fill('Petr');
    await page.getByTestId('identity-save').click();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload(); // now controlled by the service worker, which caches the page and session
    await page.getByTestId('post-text').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    const { port, dataDir } = server;
    await server.stop();
    await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 });
    const text = 'Psáno offline: ubytovny jako jediná dostupná forma bydlení.';
    await page.getByTestId('post-text').fill(text);
    await page.getByTestId('post-submit').click();
    await page.getByTestId('card').filter({ hasText: text }).waitFor();

    await page.reload();
    await page.getByTestId('card').filter({ hasText: text }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'offline-panelist-after-reload');

    server = await startServerProcess({ port, dataDir });
    const { page: projector } = await newPage(browser, VIEWPORTS.projector);
    await projector.goto(links.projector);
    await projector.getByTestId('card').filter({ hasText: text }).waitFor({ timeout: 20_000 });
  });
});
